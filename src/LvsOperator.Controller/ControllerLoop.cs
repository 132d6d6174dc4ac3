using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Queues;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller;

/// <summary>
/// Decides and writes, level-triggered: every cache change queues one key for the whole cluster, the queue
/// keeps one pass in flight and folds the changes that arrive meanwhile into the next, and a failed pass is
/// retried with backoff. A resync decides again when nothing changed, to finish what a lost write left.
/// </summary>
public sealed partial class ControllerLoop(
    ClusterCaches caches, OutputWriter writer, LoadBalancerPass loadBalancers, ReconcileHealth health, TimeProvider time, ILogger<ControllerLoop> logger)
{
    private const string Everything = "cluster";
    private static readonly CompilerOptions Compiler = new();

    /// <summary>Decides until <paramref name="cancellationToken"/> ends (leadership lost, or shutdown); the caches run on their own.</summary>
    public async Task RunAsync(TimeSpan resync, CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<string>(timeProvider: time, logger: logger);
        using var subscription = Subscribe(() => queue.Add(Everything));
        await caches.WaitForSyncAsync(cancellationToken);
        LogSynced();
        queue.Add(Everything);
        await queue.RunWorkersAsync(1, async (_, ct) =>
        {
            var ok = await PassAsync(ct);
            return ok ? WorkResult.After(resync) : WorkResult.Failed;
        }, cancellationToken);
    }

    private async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // LoadBalancer Services first: the VirtualServices they generate are decided as any other from the next pass.
        var balanced = await loadBalancers.RunAsync(cancellationToken);
        var output = ControllerDecisions.Decide(caches.Snapshot(time.GetUtcNow()), Compiler);
        var ok = await writer.WriteAsync(output, cancellationToken) && balanced;
        if (ok) health.Succeeded();
        else health.Failed("writes failed");
        var statuses = output.VirtualServiceStatuses.Count + output.RealServerStatuses.Count;
        if (output.Slices.Count + statuses + output.Finalizers.Count > 0 || !ok)
        {
            var elapsed = time.GetElapsedTime(started);
            LogPass(output.Slices.Count, statuses, output.Finalizers.Count, output.Events.Count, ok, elapsed);
        }
        return ok;
    }

    private Unsubscriber Subscribe(Action changed)
    {
        caches.Changed += changed;
        return new Unsubscriber(() => caches.Changed -= changed);
    }

    private sealed class Unsubscriber(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caches synced; deciding")]
    private partial void LogSynced();

    [LoggerMessage(Level = LogLevel.Information, Message = "Pass: {Slices} slice write(s), {Statuses} status write(s), {Finalizers} finalizer change(s), {Events} event(s); all written: {Ok}; in {Duration}")]
    private partial void LogPass(int slices, int statuses, int finalizers, int events, bool ok, TimeSpan duration);
}
