using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// Cluster mode: this node's NodeSlices, watched with a spec.nodeName field selector, are its desired
/// state; after each cycle the agent writes what became of each slice into its status, the only field of
/// the slice it writes, through a <see cref="SliceStatusWriter"/> that never holds the cycle up. Only a change
/// of what a slice asks for (its generation, which the status subresource keeps still on status writes) wakes the
/// cycle and rebuilds the state: the echo of the agent's own status write, like any status-only change, costs a
/// cache update and nothing else (controller-runtime's <c>GenerationChangedPredicate</c>). Until the first full
/// list the state is unknown (null), so a restart with the API server away leaves the kernel as it is.
/// </summary>
internal sealed partial class ClusterSliceSource : BackgroundService, IDesiredStateSource
{
    private readonly Informer<NodeSlice> _informer;
    private readonly SliceStatusWriter _statuses;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _gate = new();
    private volatile bool _dirty = true;
    private long _wakes;
    private readonly SemaphoreSlim _reportReady = new(0);
    private (IReadOnlyList<DecodedSlice> Slices, CycleReport Cycle, DateTimeOffset At, long Number)? _report;
    private long _reported;
    private long _handled;
    private (NodeDesiredState State, IReadOnlyList<DecodedSlice> Slices)? _current;
    private readonly SliceDecodes _decodes = new();

    public ClusterSliceSource(KubeApiClient api, IOptions<AgentOptions> options, TimeProvider time, ILogger<ClusterSliceSource> logger)
    {
        var slices = api.Resource(ResourceTypes.NodeSlices);
        _informer = new Informer<NodeSlice>(slices, new InformerOptions { FieldSelector = $"spec.nodeName={options.Value.NodeName}" }, logger, time);
        _statuses = SliceStatusWriter.For(slices, time, logger);
        _informer.Subscribe(OnChange);
        _time = time;
        _logger = logger;
    }

    public NodeDesiredState? Current
    {
        get
        {
            if (!_informer.HasSynced) return null;
            lock (_gate)
            {
                if (_dirty || _current is null)
                {
                    _dirty = false;
                    var slices = _decodes.Refresh(_informer.List());
                    var problems = new List<string>();
                    _current = (_decodes.Merge(slices, problems), slices);
                    foreach (var problem in problems) LogUndecodable(problem);
                }

                return _current.Value.State;
            }
        }
    }

    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>How often a change of the slices woke the cycle (each wake rebuilds the desired state).</summary>
    internal long Wakes => Interlocked.Read(ref _wakes);

    /// <summary>Status writes that succeeded, and whether every report was worked out and none of its writes is waiting or in flight.</summary>
    internal (long Writes, bool Idle) StatusWrites
    {
        get
        {
            long reported;
            lock (_gate) reported = _reported;
            return (_statuses.Writes, Interlocked.Read(ref _handled) == reported && _statuses.Idle);
        }
    }

    /// <summary>
    /// Leaves the cycle's report for <see cref="PostReportsAsync"/> and returns: neither working out each slice's
    /// status nor a slow or absent API server holds the cycle up. A report not yet taken is replaced by the newer
    /// one, which covers the same slices.
    /// </summary>
    public Task ReportAsync(NodeDesiredState applied, CycleReport cycle, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is not { } current || !ReferenceEquals(current.State, applied)) return Task.CompletedTask;
            _report = (current.Slices, cycle, _time.GetUtcNow(), ++_reported);
        }

        if (_reportReady.CurrentCount == 0) _reportReady.Release();
        return Task.CompletedTask;
    }

    /// <summary>Works out the newest report's statuses and posts those that change to the writer.</summary>
    private async Task PostReportsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _reportReady.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            (IReadOnlyList<DecodedSlice> Slices, CycleReport Cycle, DateTimeOffset At, long Number)? report;
            lock (_gate) (report, _report) = (_report, null);
            if (report is not { } taken) continue;
            try
            {
                _statuses.Post(SliceReports.For(taken.Slices.Select(Latest), taken.Cycle, taken.At));
            }
            catch (Exception e)
            {
                LogReportFailed(e);
            }

            Interlocked.Exchange(ref _handled, taken.Number);
        }
    }

    /// <summary>
    /// The slice with its newest status, if the cache holds the same generation of it: the report then compares
    /// against what the echoes of earlier writes brought back, which did not rebuild the state.
    /// </summary>
    private DecodedSlice Latest(DecodedSlice applied) =>
        _informer.Get(ObjectKey.Of(applied.Slice)) is { } now && !AsksOtherwise(applied.Slice, now) ? applied with { Slice = now } : applied;

    private void OnChange(ResourceChange<NodeSlice> change)
    {
        switch (change.Type)
        {
            case ResourceChangeType.Resync:
                return;
            case ResourceChangeType.Deleted:
                _statuses.Forget(change.Key);
                Signal();
                return;
            default:
                _statuses.Observed(change.Key, change.New!.Status);
                if (change.Old is not { } old || AsksOtherwise(old, change.New)) Signal();
                return;
        }
    }

    /// <summary>
    /// Whether <paramref name="after"/> may ask the node for something else than <paramref name="before"/>: another
    /// object under the same name (a relist after a delete and create), or a spec change, which moves the generation.
    /// </summary>
    private static bool AsksOtherwise(NodeSlice before, NodeSlice after) =>
        before.Metadata.Uid != after.Metadata.Uid || before.Metadata.Generation is null || before.Metadata.Generation != after.Metadata.Generation;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_informer.RunAsync(stoppingToken), _statuses.RunAsync(stoppingToken), PostReportsAsync(stoppingToken));

    public override void Dispose()
    {
        _changed.Dispose();
        _reportReady.Dispose();
        _statuses.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        Interlocked.Increment(ref _wakes);
        _dirty = true;
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not work out the NodeSlice statuses of a cycle")]
    private partial void LogReportFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Left out: {Problem}")]
    private partial void LogUndecodable(string problem);
}
