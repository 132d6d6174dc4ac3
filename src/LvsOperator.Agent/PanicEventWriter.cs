using System.Threading.Channels;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// Cluster mode: writes a <see cref="PanicEvents"/> Event for each panic transition the health scheduler raises,
/// off the scheduler's and the reconcile loop's path. Transitions are rare, so the VirtualService is looked up
/// with one list of this node's NodeSlices per event rather than a cache. Events are best effort, as client-go's
/// recorder treats them: a few tries, then a log line (the gauge and the log stay the record).
/// </summary>
internal sealed partial class PanicEventWriter : BackgroundService
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly ResourceClient<NodeSlice> _slices;
    private readonly ResourceClient<EventsV1Event> _events;
    private readonly string _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Bounded: a panic that flaps while the API server is away costs old events, never memory.
    private readonly Channel<PanicTransition> _pending =
        Channel.CreateBounded<PanicTransition>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });

    public PanicEventWriter(
        KubeApiClient api, HealthScheduler scheduler, IOptions<AgentOptions> options, TimeProvider time, ILogger<PanicEventWriter> logger)
    {
        _slices = api.Resource(ResourceTypes.NodeSlices);
        _events = api.Resource(ResourceTypes.Events);
        _node = options.Value.NodeName;
        _time = time;
        _logger = logger;
        scheduler.PanicTransitioned += t => _pending.Writer.TryWrite(t);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var transition in _pending.Reader.ReadAllAsync(stoppingToken))
            await WriteAsync(transition, stoppingToken);
    }

    /// <summary>One transition's event; false when it was not written (no VirtualService carries the service, or every try failed).</summary>
    public async Task<bool> WriteAsync(PanicTransition transition, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var slices = await _slices.ListAsync(options: new ListOptions { FieldSelector = $"spec.nodeName={_node}" }, cancellationToken: cancellationToken);
                var regarding = PanicEvents.Regarding(slices.Items, transition.Service);
                if (regarding is null) return false;
                await _events.CreateAsync(PanicEvents.For(transition, regarding, _node, _time.GetUtcNow()), cancellationToken);
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt == Attempts)
                {
                    LogNotWritten(transition.Service.ToString(), transition.InPanic, e.Message);
                    return false;
                }
            }

            await Task.Delay(RetryDelay, _time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the panic event for {Service} (in panic: {InPanic}): {Reason}")]
    private partial void LogNotWritten(string service, bool inPanic, string reason);
}
