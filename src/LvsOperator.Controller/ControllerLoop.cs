using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Queues;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller;

/// <summary>
/// Decides and writes, level-triggered: every cache change maps to the keys it touches (<see cref="ChangeLog"/>) and
/// queues one pass; the queue keeps one pass in flight and folds the changes that arrive meanwhile into the next,
/// which decides only their keys (<see cref="DecisionPass"/>). A failed pass is retried with backoff, its keys with
/// it. Once per resync interval a pass decides everything from scratch, to finish what a lost write or event left.
/// </summary>
public sealed partial class ControllerLoop(
    ClusterCaches caches, OutputWriter writer, LoadBalancerPass loadBalancers, ReconcileHealth health, TimeProvider time, ILogger<ControllerLoop> logger)
    : IControllerLoop
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
        var decisions = new DecisionPass(caches, Compiler);
        var lastFull = (long?)null;
        queue.Add(Everything);
        await queue.RunWorkersAsync(1, async (_, ct) =>
        {
            var full = lastFull is not { } at || time.GetElapsedTime(at) >= resync;
            var ok = await PassAsync(decisions, full, ct);
            if (ok && full) lastFull = time.GetTimestamp();
            return ok ? WorkResult.After(resync) : WorkResult.Failed;
        }, cancellationToken);
    }

    private async Task<bool> PassAsync(DecisionPass decisions, bool full, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var decided = decisions.Next(time.GetUtcNow(), full);
        var output = decided.Output;
        // LoadBalancer Services first: the VirtualServices they generate are decided as any other from the next pass.
        var balanced = !decided.LoadBalancers || await loadBalancers.RunAsync(cancellationToken);
        var ok = await writer.WriteAsync(output, cancellationToken) && balanced;
        if (ok) health.Succeeded();
        else
        {
            decisions.Retry(decided);
            health.Failed("writes failed");
        }

        var statuses = output.VirtualServiceStatuses.Count + output.RealServerStatuses.Count;
        if (output.Slices.Count + statuses + output.Finalizers.Count > 0 || !ok || decided.Full)
        {
            var elapsed = time.GetElapsedTime(started);
            LogPass(decided.Full ? "full" : "incremental", decided.Keys.Count, output.Slices.Count, statuses, output.Finalizers.Count, output.Events.Count, ok, elapsed);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Pass ({Kind}, {Keys} key(s)): {Slices} slice write(s), {Statuses} status write(s), {Finalizers} finalizer change(s), {Events} event(s); all written: {Ok}; in {Duration}")]
    private partial void LogPass(string kind, int keys, int slices, int statuses, int finalizers, int events, bool ok, TimeSpan duration);
}
