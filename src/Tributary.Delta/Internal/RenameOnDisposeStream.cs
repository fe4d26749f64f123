namespace Tributary.Delta.Internal;

/// <summary>A file stream on a temp file that replaces its target on dispose, so a crash leaves no partial target.</summary>
internal sealed class RenameOnDisposeStream : FileStream
{
    private readonly string _temp;
    private readonly string _target;
    private bool _published;

    public RenameOnDisposeStream(string temp, string target)
        : base(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.Asynchronous)
    {
        _temp = temp;
        _target = target;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Publish();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        Publish();
    }

    private void Publish()
    {
        if (_published)
        {
            return;
        }

        _published = true;
        File.Move(_temp, _target, overwrite: true);
    }
}
