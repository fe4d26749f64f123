namespace Tributary.Delta.Internal;

/// <summary>
/// A file stream on a temp file that replaces its target on dispose, so a crash leaves no partial target. A stream
/// that was <see cref="Abandon">abandoned</see> (its writer failed) deletes the temp file instead of publishing it.
/// </summary>
internal sealed class RenameOnDisposeStream : FileStream, IAbandonableStream
{
    private readonly string _temp;
    private readonly string _target;
    private bool _abandoned;
    private bool _finished;

    public RenameOnDisposeStream(string temp, string target)
        : base(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.Asynchronous)
    {
        _temp = temp;
        _target = target;
    }

    /// <summary>Marks the content as incomplete: dispose discards it and leaves the target as it was.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Abandons <paramref name="stream"/> when it can be (<see cref="IAbandonableStream"/>); other streams are left alone.</summary>
    public static void TryAbandon(Stream stream) => (stream as IAbandonableStream)?.Abandon();

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        catch
        {
            // Flushing the last buffered bytes failed: the temp file is incomplete.
            _abandoned = true;
            Finish();
            throw;
        }

        Finish();
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            _abandoned = true;
            Finish();
            throw;
        }

        Finish();
    }

    private void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_abandoned)
        {
            File.Delete(_temp);
        }
        else
        {
            File.Move(_temp, _target, overwrite: true);
        }
    }
}
