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
    private (NodeDesiredState State, IReadOnlyList<NodeSlice> Slices)? _current;
    private readonly Dictionary<string, NodeSlice> _lastGood = new(StringComparer.Ordinal);

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
                    var slices = _informer.List();
                    var problems = new List<string>();
                    _current = (NodeSliceCodec.Decode(LastGood(slices), problems), slices);
                    foreach (var problem in problems) LogUndecodable(problem);
                }

                return _current.Value.State;
            }
        }
    }

    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>How often a change of the slices woke the cycle (each wake rebuilds the desired state).</summary>
    internal long Wakes => Interlocked.Read(ref _wakes);

    /// <summary>Status writes that succeeded, and whether none is waiting or in flight.</summary>
    internal (long Writes, bool Idle) StatusWrites => (_statuses.Writes, _statuses.Idle);

    /// <summary>
    /// Each slice as it is, or, while it does not decode (a hostile or broken edit), as it last did: the node keeps
    /// what it held for that slice while its status says why the edit is refused. A deleted slice is forgotten.
    /// </summary>
    private List<NodeSlice> LastGood(IReadOnlyList<NodeSlice> slices)
    {
        var used = new List<NodeSlice>(slices.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var key = $"{slice.Metadata.Namespace}/{slice.Metadata.Name}";
            seen.Add(key);
            if (NodeSliceCodec.TryDecode(slice, out _, out _)) used.Add(_lastGood[key] = slice);
            else used.Add(_lastGood.GetValueOrDefault(key, slice));
        }

        foreach (var gone in _lastGood.Keys.Where(k => !seen.Contains(k)).ToList()) _lastGood.Remove(gone);
        return used;
    }

    /// <summary>Hands the reports to the status writer and returns: a slow or absent API server never holds the cycle up.</summary>
    public Task ReportAsync(NodeDesiredState applied, CycleReport cycle, CancellationToken cancellationToken)
    {
        IReadOnlyList<NodeSlice> slices;
        lock (_gate)
        {
            if (_current is not { } current || !ReferenceEquals(current.State, applied)) return Task.CompletedTask;
            slices = current.Slices;
        }

        _statuses.Post(SliceReports.For(slices.Select(Latest), cycle, _time.GetUtcNow()));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The slice with its newest status, if the cache holds the same generation of it: the report then compares
    /// against what the echoes of earlier writes brought back, which did not rebuild the state.
    /// </summary>
    private NodeSlice Latest(NodeSlice applied) =>
        _informer.Get(ObjectKey.Of(applied)) is { } now && !AsksOtherwise(applied, now) ? now : applied;

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
        Task.WhenAll(_informer.RunAsync(stoppingToken), _statuses.RunAsync(stoppingToken));

    public override void Dispose()
    {
        _changed.Dispose();
        _statuses.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        Interlocked.Increment(ref _wakes);
        _dirty = true;
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Left out: {Problem}")]
    private partial void LogUndecodable(string problem);
}
