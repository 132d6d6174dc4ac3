using System.Threading.Channels;
using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// Cluster mode: writes the Events of this node's transitions, off the path of whatever raised them: a
/// <see cref="PanicEvents"/> Event for each panic transition the health scheduler raises (issue 15), a
/// <see cref="BgpEvents"/> Event for each BGP session lost or established (issue 17). Transitions are rare, so the
/// VirtualServices are looked up with one list of this node's NodeSlices per event rather than a cache. Events are best effort, as client-go's
/// recorder treats them: a few tries, then a log line (the gauge and the log stay the record).
/// </summary>
internal sealed partial class NodeEventWriter : BackgroundService
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly ResourceClient<NodeSlice> _slices;
    private readonly ResourceClient<EventsV1Event> _events;
    private readonly string _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Bounded: a panic that flaps while the API server is away costs old events, never memory.
    private readonly Channel<INodeEvent> _pending =
        Channel.CreateBounded<INodeEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });

    public NodeEventWriter(
        KubeApiClient api, HealthScheduler scheduler, BgpAnnouncer? bgp, IOptions<AgentOptions> options, TimeProvider time,
        ILogger<NodeEventWriter> logger)
    {
        _slices = api.Resource(ResourceTypes.NodeSlices);
        _events = api.Resource(ResourceTypes.Events);
        _node = options.Value.NodeName;
        _time = time;
        _logger = logger;
        scheduler.PanicTransitioned += t => _pending.Writer.TryWrite(new PanicEvents.Transition(t));
        if (bgp is not null) bgp.SessionChanged += c => _pending.Writer.TryWrite(new BgpEvents.Change(c));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var transition in _pending.Reader.ReadAllAsync(stoppingToken))
            await WriteAsync(transition, stoppingToken);
    }

    /// <summary>One transition's events; false when none was written (no VirtualService concerned, or every try failed).</summary>
    public async Task<bool> WriteAsync(INodeEvent transition, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var slices = await _slices.ListAsync(options: new ListOptions { FieldSelector = $"spec.nodeName={_node}" }, cancellationToken: cancellationToken);
                var regarding = transition.Regarding(slices.Items);
                // A retry after a partial failure may write one VirtualService's event twice: best effort, as above.
                foreach (var reference in regarding)
                    await _events.CreateAsync(transition.For(reference, _node, _time.GetUtcNow()), cancellationToken);
                return regarding.Count > 0;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt == Attempts)
                {
                    LogNotWritten(transition.Subject, e.Message);
                    return false;
                }
            }

            await Task.Delay(RetryDelay, _time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the event for {Subject}: {Reason}")]
    private partial void LogNotWritten(string subject, string reason);
}
