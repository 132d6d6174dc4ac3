using System.Collections.Concurrent;
using System.Globalization;
using Tmds.Linux;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>
/// A dedicated thread in a fresh network namespace (<c>unshare(CLONE_NEWNET)</c> affects only the
/// calling thread), running test bodies under a single-threaded <see cref="SynchronizationContext"/>
/// so every continuation of the body comes back to it. Sockets bind to the namespace of the thread
/// that creates them and <c>/proc/sys/net</c> shows the namespace of the thread that opens it, so
/// everything a test does from its body happens in the new namespace. The namespace dies with the
/// thread and the last socket; nothing is left behind in the host's namespace, even after a crash.
/// Witness tools run in it through <c>nsenter --net=<see cref="NamespacePath"/></c>.
/// </summary>
public sealed class NetworkNamespaceThread : IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the thread and enters a new network namespace; throws if unshare fails.</summary>
    public NetworkNamespaceThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "netns" };
        _thread.Start();
        NamespacePath = _started.Task.GetAwaiter().GetResult();
    }

    /// <summary><c>/proc/PID/task/TID/ns/net</c>, valid while the thread lives.</summary>
    public string NamespacePath { get; }

    /// <summary>Runs <paramref name="body"/> on the namespace thread.</summary>
    public Task RunAsync(Func<Task> body) => RunAsync(async () =>
    {
        await body();
        return true;
    });

    /// <summary>Runs <paramref name="body"/> on the namespace thread.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((
            async _ =>
            {
                try
                {
                    done.SetResult(await body());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            null));
        return done.Task;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _queue.Dispose();
    }

    private void Loop()
    {
        if (LibC.unshare(LibC.CLONE_NEWNET) != 0)
        {
            _started.SetException(new InvalidOperationException($"unshare(CLONE_NEWNET) failed: errno {LibC.errno} (tests need root)."));
            return;
        }

        // /proc/thread-self links to "PID/task/TID".
        string self = new DirectoryInfo("/proc/thread-self").LinkTarget ?? throw new InvalidOperationException("No /proc/thread-self.");
        SynchronizationContext.SetSynchronizationContext(new QueueContext(this));
        _started.SetResult(string.Create(CultureInfo.InvariantCulture, $"/proc/{self}/ns/net"));
        foreach ((SendOrPostCallback callback, object? state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }

    private sealed class QueueContext(NetworkNamespaceThread owner) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => owner._queue.Add((d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public override SynchronizationContext CreateCopy() => this;
    }
}
