using Cronos;

namespace Tributary.Watch.Internal;

/// <summary>The cron schedule of loads: five fields (minutes) or six (seconds first); empty means never.</summary>
internal sealed class LoadSchedule
{
    private readonly CronExpression? _cron;

    public LoadSchedule(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            _cron = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new ArgumentException($"Watch:LoadSchedule '{expression}' is not a cron expression (five fields, or six with seconds first): {ex.Message}", nameof(expression), ex);
        }
    }

    /// <summary>The next due time after <paramref name="now"/>, or null when there is no schedule.</summary>
    public DateTimeOffset? Next(DateTimeOffset now) => _cron?.GetNextOccurrence(now, TimeZoneInfo.Utc);
}
