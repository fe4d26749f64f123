using Tributary.Ports;

namespace Tributary.Streaming.Internal;

/// <summary>
/// The durable stream's group commit: one thread per stream syncs, in rounds, every shard with records written but not
/// yet durable, then acknowledges every put those records belong to and lets readers see them. A put waits on a task,
/// holding no thread; puts that arrive while a round runs wait for the next one, so rounds grow with the load and no
/// timer linger is needed. A round that fails faults its puts and stops the shards that failed.
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    private readonly ShardLog[] _shards;
    private readonly Action<FileStream> _sync;
    private readonly object _lock = new();
    private List<Waiter> _waiting = [];
    private List<Waiter> _spare = [];
    private Thread? _thread;
    private bool _stopping;
    private long _rounds;

    /// <param name="shards">The stream's shards.</param>
    /// <param name="sync">Forces a segment file to the disk (<see cref="Delta.Internal.DurableFiles.SyncFileData"/>; a seam for tests).</param>
    public GroupCommit(ShardLog[] shards, Action<FileStream> sync)
    {
        _shards = shards;
        _sync = sync;
    }

    /// <summary>How many rounds synced at least one shard.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>
    /// Returns a task that completes with <paramref name="result"/> once every record written before this call is
    /// durable, or faults when the round that syncs them fails. The syncs are reported to the observer of the calling
    /// flow (<see cref="Delta.Internal.DurableFiles.Observer"/>) when it starts a round.
    /// </summary>
    public Task<PutRecordsResult> WaitAsync(PutRecordsResult result)
    {
        var waiter = new Waiter(new TaskCompletionSource<PutRecordsResult>(TaskCreationOptions.RunContinuationsAsynchronously), result, ExecutionContext.Capture());
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _waiting.Add(waiter);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "tributary-stream-sync" };
                _thread.UnsafeStart();
            }
            else if (_waiting.Count == 1)
            {
                Monitor.Pulse(_lock);
            }
        }

        return waiter.Completion.Task;
    }

    /// <summary>Finishes the rounds of the puts already waiting, then stops the thread.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_lock)
        {
            _stopping = true;
            thread = _thread;
            Monitor.Pulse(_lock);
        }

        thread?.Join();
    }

    private void Run()
    {
        while (true)
        {
            List<Waiter> round;
            lock (_lock)
            {
                while (_waiting.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_lock);
                }

                if (_waiting.Count == 0)
                {
                    return;
                }

                round = _waiting;
                _waiting = _spare;
            }

            var failure = round[0].Context is { } context ? RunIn(context) : SyncDirtyShards();
            foreach (var waiter in round)
            {
                if (failure is null)
                {
                    waiter.Completion.TrySetResult(waiter.Result);
                }
                else
                {
                    waiter.Completion.TrySetException(failure);
                }
            }

            round.Clear();
            lock (_lock)
            {
                _spare = round;
            }
        }
    }

    private Exception? RunIn(ExecutionContext context)
    {
        Exception? failure = null;
        ExecutionContext.Run(context, _ => failure = SyncDirtyShards(), null);
        return failure;
    }

    /// <summary>Syncs every shard with records not yet durable; returns the first failure, if any.</summary>
    private Exception? SyncDirtyShards()
    {
        Exception? failure = null;
        var synced = false;
        foreach (var shard in _shards)
        {
            PendingSync pending;
            try
            {
                if (shard.BeginSync() is not { } dirty)
                {
                    continue;
                }

                pending = dirty;
            }
            catch (IOException ex)
            {
                failure ??= ex;
                continue;
            }

            synced = true;
            try
            {
                _sync(pending.Writer);
                shard.EndSync(pending, null);
            }
            catch (Exception ex)
            {
                var error = new IOException($"Syncing stream shard {shard.ShardId} (segment {pending.Segment.Path}) to the disk failed: {ex.Message}", ex);
                shard.EndSync(pending, error);
                failure ??= error;
            }
        }

        if (synced)
        {
            Interlocked.Increment(ref _rounds);
        }

        return failure;
    }

    private sealed record Waiter(TaskCompletionSource<PutRecordsResult> Completion, PutRecordsResult Result, ExecutionContext? Context);
}
