using System.Text.Json;
using System.Text.Json.Nodes;
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
/// the slice it writes. Until the first full list the state is unknown (null), so a restart with the API
/// server away leaves the kernel as it is.
/// </summary>
internal sealed partial class ClusterSliceSource : BackgroundService, IDesiredStateSource
{
    private readonly Informer<NodeSlice> _informer;
    private readonly ResourceClient<NodeSlice> _slices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _gate = new();
    private volatile bool _dirty = true;
    private (NodeDesiredState State, IReadOnlyList<NodeSlice> Slices)? _current;
    private readonly Dictionary<string, NodeSlice> _lastGood = new(StringComparer.Ordinal);

    public ClusterSliceSource(KubeApiClient api, IOptions<AgentOptions> options, TimeProvider time, ILogger<ClusterSliceSource> logger)
    {
        _slices = api.Resource(ResourceTypes.NodeSlices);
        _informer = new Informer<NodeSlice>(_slices, new InformerOptions { FieldSelector = $"spec.nodeName={options.Value.NodeName}" }, logger, time);
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

    public async Task ReportAsync(NodeDesiredState applied, CycleReport cycle, CancellationToken cancellationToken)
    {
        IReadOnlyList<NodeSlice> slices;
        lock (_gate)
        {
            if (_current is not { } current || !ReferenceEquals(current.State, applied)) return;
            slices = current.Slices;
        }

        foreach (var (slice, status) in SliceReports.For(slices, cycle, _time.GetUtcNow()))
        {
            var patch = new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, ResourceJsonContext.Default.NodeSliceStatus) };
            try
            {
                await _slices.MergePatchStatusAsync(slice.Metadata.Namespace, slice.Metadata.Name, patch, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Deleted since: nobody reads its status any more.
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The next cycle computes the report again from the same slices.
                LogReportFailed(slice.Metadata.Namespace, slice.Metadata.Name, e.Message);
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _informer.RunAsync(stoppingToken);

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        _dirty = true;
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Left out: {Problem}")]
    private partial void LogUndecodable(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report on NodeSlice {Namespace}/{Name}: {Reason}")]
    private partial void LogReportFailed(string? @namespace, string name, string reason);
}
