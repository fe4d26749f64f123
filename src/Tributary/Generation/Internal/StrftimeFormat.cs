using System.Buffers.Text;
using System.Text;

namespace Tributary.Generation.Internal;

/// <summary>
/// A compiled strftime format (the subset Mockaroo offers): <c>%Y %y %m %d %e %j %H %I %M %S %L %p %b %B %a %A
/// %F %T %D %R %s %z %Z %%</c>; other characters are copied.
/// </summary>
internal sealed class StrftimeFormat
{
    private static readonly string[] MonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private readonly (char Token, byte[] Literal)[] _parts;

    private StrftimeFormat((char, byte[])[] parts, int maxLength)
    {
        _parts = parts;
        MaxLength = maxLength;
    }

    public int MaxLength { get; }

    /// <summary>Compiles a format; throws <see cref="FormatException"/> naming an unsupported directive.</summary>
    public static StrftimeFormat Parse(string format)
    {
        var parts = new List<(char, byte[])>();
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                literal.Append(format[i]);
                continue;
            }

            if (i + 1 >= format.Length)
            {
                throw new FormatException($"the format '{format}' ends with a lone '%'");
            }

            var directive = format[++i];
            var expansion = directive switch
            {
                'F' => "%Y-%m-%d",
                'T' => "%H:%M:%S",
                'D' => "%m/%d/%y",
                'R' => "%H:%M",
                _ => null,
            };
            if (expansion is not null)
            {
                Flush(literal, parts);
                parts.AddRange(Parse(expansion)._parts);
                continue;
            }

            if (directive == '%')
            {
                literal.Append('%');
                continue;
            }

            if (!"YymdejHIMSLpbBaAszZ".Contains(directive, StringComparison.Ordinal))
            {
                throw new FormatException($"the strftime directive '%{directive}' is not supported; supported: %Y %y %m %d %e %j %H %I %M %S %L %p %b %B %a %A %F %T %D %R %s %z %Z %%");
            }

            Flush(literal, parts);
            parts.Add((directive, []));
        }

        Flush(literal, parts);
        var max = parts.Sum(p => p.Item1 == '\0' ? p.Item2.Length : 12);
        return new StrftimeFormat([.. parts], max);
    }

    public int Format(DateTime value, Span<byte> destination)
    {
        value.Deconstruct(out int year, out int month, out int day);
        var length = 0;
        foreach (var (token, literal) in _parts)
        {
            var span = destination[length..];
            length += token switch
            {
                '\0' => Copy(literal, span),
                'Y' => Digits(year, 4, span),
                'y' => Digits(year % 100, 2, span),
                'm' => Digits(month, 2, span),
                'd' => Digits(day, 2, span),
                'e' => day < 10 ? Copy(" "u8, span) + Digits(day, 1, span[1..]) : Digits(day, 2, span),
                'j' => Digits(value.DayOfYear, 3, span),
                'H' => Digits(value.Hour, 2, span),
                'I' => Digits(value.Hour % 12 == 0 ? 12 : value.Hour % 12, 2, span),
                'M' => Digits(value.Minute, 2, span),
                'S' => Digits(value.Second, 2, span),
                'L' => Digits(value.Millisecond, 3, span),
                'p' => Copy(value.Hour < 12 ? "AM"u8 : "PM"u8, span),
                'b' => Ascii(MonthNames[month - 1].AsSpan(0, 3), span),
                'B' => Ascii(MonthNames[month - 1], span),
                'a' => Ascii(DayNames[(int)value.DayOfWeek].AsSpan(0, 3), span),
                'A' => Ascii(DayNames[(int)value.DayOfWeek], span),
                's' => Number((long)(value - DateTime.UnixEpoch).TotalSeconds, span),
                'z' => Copy("+0000"u8, span),
                'Z' => Copy("UTC"u8, span),
                _ => 0,
            };
        }

        return length;
    }

    private static void Flush(StringBuilder literal, List<(char, byte[])> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add(('\0', Encoding.UTF8.GetBytes(literal.ToString())));
            literal.Clear();
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static int Ascii(ReadOnlySpan<char> source, Span<byte> destination) =>
        Encoding.ASCII.GetBytes(source, destination);

    private static int Number(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    private static int Digits(int value, int width, Span<byte> destination)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return width;
    }
}
