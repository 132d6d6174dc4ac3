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
/// the slice it writes, through a <see cref="SliceStatusWriter"/> that never holds the cycle up. Until the first full list the state is unknown (null), so a restart with the API
/// server away leaves the kernel as it is.
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
    private (NodeDesiredState State, IReadOnlyList<NodeSlice> Slices)? _current;
    private readonly Dictionary<string, NodeSlice> _lastGood = new(StringComparer.Ordinal);

    public ClusterSliceSource(KubeApiClient api, IOptions<AgentOptions> options, TimeProvider time, ILogger<ClusterSliceSource> logger)
    {
        var slices = api.Resource(ResourceTypes.NodeSlices);
        _informer = new Informer<NodeSlice>(slices, new InformerOptions { FieldSelector = $"spec.nodeName={options.Value.NodeName}" }, logger, time);
        _statuses = new SliceStatusWriter(slices, time, logger);
        _informer.Subscribe(_ => Signal());
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

        _statuses.Post(SliceReports.For(slices, cycle, _time.GetUtcNow()));
        return Task.CompletedTask;
    }

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
        _dirty = true;
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Left out: {Problem}")]
    private partial void LogUndecodable(string problem);
}
