using System.Collections.Concurrent;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Informers;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// Issue 14: the status writer against a fake patch: only changed statuses are written, the newest one per slice
/// wins over those still waiting, at most <see cref="SliceStatusWriter.Workers"/> writes are in flight, and
/// posting never waits for a write.
/// </summary>
public sealed class SliceStatusWriterTests : IDisposable
{
    private static readonly string[] Later = ["Second", "Third", "Fourth"];

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(ObjectKey Key, NodeSliceStatus Status)> _written = new();
    private readonly SemaphoreSlim _inFlightChanged = new(0);
    private TaskCompletionSource _gate = Open();
    private int _inFlight;
    private int _maxInFlight;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _inFlightChanged.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private SliceStatusWriter Start()
    {
        var writer = new SliceStatusWriter(PatchAsync, TimeProvider.System, NullLogger.Instance);
        _ = writer.RunAsync(_stop.Token);
        return writer;
    }

    private async Task PatchAsync(ObjectKey key, NodeSliceStatus status, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        _inFlightChanged.Release();
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
            _written.Enqueue((key, status));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }

    private static NodeSlice Slice(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "demo", Generation = 1 } };

    private static NodeSliceStatus Status(string reason, DateTimeOffset? since = null) => new()
    {
        ObservedGeneration = 1,
        Conditions =
        [
            new Condition
            {
                Type = ConditionTypes.Programmed, Status = reason == "Programmed" ? ConditionStatus.True : ConditionStatus.False, Reason = reason,
                LastTransitionTime = since ?? new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero),
            },
        ],
    };

    private List<string> Reasons(string slice) =>
        _written.Where(w => w.Key.Name == slice).Select(w => w.Status.Conditions![0].Reason).ToList();

    [Fact]
    public async Task A_status_is_written_once_and_not_again_while_it_says_the_same()
    {
        var writer = Start();
        writer.Post([(Slice("web"), Status("Programmed"))]);
        await Eventually.TrueAsync(() => writer.Idle, "the first write");

        // The next cycles report the same, before and after the echo; one with only a later transition time too.
        writer.Post([(Slice("web"), Status("Programmed"))]);
        writer.Observed(new ObjectKey("demo", "web"), Status("Programmed"));
        writer.Post([(Slice("web"), Status("Programmed", new DateTimeOffset(2026, 12, 6, 9, 5, 0, TimeSpan.Zero)))]);
        writer.Post([(Slice("api"), Status("Failed"))]);
        await Eventually.TrueAsync(() => writer.Idle && _written.Count == 2, "api's write");

        Assert.Equal(["Programmed"], Reasons("web"));
        Assert.Equal(["Failed"], Reasons("api"));
        Assert.Equal(2, writer.Writes);
    }

    [Fact]
    public async Task Someone_elses_edit_seen_by_the_watch_is_written_over_at_the_next_report()
    {
        var writer = Start();
        writer.Post([(Slice("web"), Status("Programmed"))]);
        await Eventually.TrueAsync(() => writer.Idle, "the first write");

        writer.Observed(new ObjectKey("demo", "web"), Status("EditedByHand"));
        writer.Post([(Slice("web"), Status("Programmed"))]);
        await Eventually.TrueAsync(() => _written.Count == 2, "the repair");

        Assert.Equal(["Programmed", "Programmed"], Reasons("web"));
    }

    [Fact]
    public async Task The_newest_status_of_a_slice_wins_over_those_still_waiting_and_posting_never_waits()
    {
        var writer = Start();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.Post([(Slice("web"), Status("First"))]);
        await _inFlightChanged.WaitAsync(_stop.Token); // web's first write hangs in flight

        var posting = Task.Run(() =>
        {
            foreach (var reason in Later) writer.Post([(Slice("web"), Status(reason))]);
        });
        await posting.WaitAsync(Eventually.Deadline); // returns although the API server does not answer
        Assert.Empty(_written);
        Assert.Equal(1, Volatile.Read(ref _inFlight)); // one write per slice at a time

        _gate.SetResult();
        await Eventually.TrueAsync(() => writer.Idle, "web's newest status written");
        Assert.Equal(["First", "Fourth"], Reasons("web"));
    }

    [Fact]
    public async Task At_most_the_bound_of_writes_is_in_flight_and_each_slice_is_written_once()
    {
        var writer = Start();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slices = Enumerable.Range(0, 100).Select(i => Slice($"s{i}")).ToList();

        writer.Post(slices.Select(s => (s, Status("Programmed"))));
        await Eventually.TrueAsync(() => Volatile.Read(ref _inFlight) == SliceStatusWriter.Workers, "the writers busy");
        writer.Post(slices.Select(s => (s, Status("Programmed")))); // the same again: nothing more to write
        _gate.SetResult();
        await Eventually.TrueAsync(() => writer.Idle, "every slice written");

        Assert.Equal(SliceStatusWriter.Workers, Volatile.Read(ref _maxInFlight));
        Assert.Equal(slices.Select(s => s.Metadata.Name).Order(), _written.Select(w => w.Key.Name).Order());
    }

    [Fact]
    public async Task A_deleted_slice_is_not_written()
    {
        var writer = Start();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = Enumerable.Range(0, SliceStatusWriter.Workers).Select(i => Slice($"busy{i}")).ToList();
        writer.Post(busy.Select(s => (s, Status("Programmed"))));
        await Eventually.TrueAsync(() => Volatile.Read(ref _inFlight) == SliceStatusWriter.Workers, "every writer busy");

        writer.Post([(busy[0], Status("Failed")), (Slice("gone"), Status("Programmed"))]);
        writer.Forget(new ObjectKey("demo", "busy0"));
        writer.Forget(new ObjectKey("demo", "gone"));
        _gate.SetResult();
        await Eventually.TrueAsync(() => writer.Idle && Volatile.Read(ref _inFlight) == 0, "the writer idle");

        Assert.Equal(["Programmed"], Reasons("busy0")); // the write in flight completes; the newer one is dropped
        Assert.Empty(Reasons("gone"));
        Assert.Equal(busy.Select(s => s.Metadata.Name).Order(), _written.Select(w => w.Key.Name).Order());
    }
}
