using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Hosting;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// The agent's heart: wakes on a change of the desired state or on the resync timer, then runs one
/// level-triggered cycle. Bursts of changes coalesce into one cycle; failures retry with backoff. A health
/// transition wakes it like a change of the desired state: the planner sees the desired state through the
/// health gate, so a real server going down or coming back reaches the kernel within milliseconds.
/// </summary>
internal sealed partial class ReconcileLoop(
    IDesiredStateSource source, HealthGate healthGate, IOptions<AgentOptions> options, ReconcileHealth health, AgentMetrics metrics, TimeProvider time,
    BgpAnnouncer bgp, ILogger<ReconcileLoop> logger) : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        NetlinkNodeKernel kernel;
        NodeReconciler reconciler;
        try
        {
            kernel = await NetlinkNodeKernel.OpenAsync(stoppingToken);
            reconciler = new NodeReconciler(kernel, new LedgerStore(settings.StateDirectory), new DrainPolicy(settings.DrainGracePeriod), time);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No IPVS in this kernel, or an unreadable ledger: the host stops, and a supervisor must see a failure.
            LogCannotStart(e);
            Environment.ExitCode = 1;
            throw;
        }

        using var opened = kernel;
        LogStarted(settings.NodeName, reconciler.Owned.Services.Count, reconciler.Owned.Addresses.Count);

        var retry = FirstRetry;
        var read = ReadScope.Everything;
        var linger = RealServerLinger.None;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = settings.ResyncInterval;
            var desired = source.Current;
            if (desired is null)
            {
                LogNoDesiredState();
                health.Failed("no valid desired state");
                // Not ready: the router sends new flows to the directors that are (issue 17).
                _ = bgp.OfferWithdrawalAsync();
            }
            else
            {
                try
                {
                    // A DR/TUN real server keeps a removed VIP while the directors may still drain connections to it.
                    (var planned, linger) = linger.Apply(desired, settings.DirectorInterface, settings.DrainGracePeriod, time.GetUtcNow());
                    var result = await reconciler.ReconcileAsync(healthGate.Apply(planned), stoppingToken, read);
                    Report(result);
                    metrics.Record(result, time.GetUtcNow());
                    // Announce only what this node forwards as desired: a failed operation withdraws, and others serve.
                    // Handed to the announcer's own worker: neither the kernel nor readiness waits for FRR.
                    _ = bgp.OfferAsync(desired.Bgp, serving: !result.Failures.Any());
                    var cycle = Cycle(result) with { Down = healthGate.Down, Bgp = bgp.Sessions, Announcing = bgp.Announcing };
                    await TellSourceAsync(desired, cycle, stoppingToken);
                    if (result.Failures.Any())
                    {
                        health.Failed($"{result.Failures.Count()} operation(s) failed");
                        (wait, retry) = (retry, Next(retry, settings.ResyncInterval));
                    }
                    else
                    {
                        health.Succeeded();
                        retry = FirstRetry;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCycleFailed(e, retry.TotalMilliseconds);
                    _ = bgp.OfferAsync(desired.Bgp, serving: false);
                    metrics.RecordError();
                    health.Failed(e.Message);
                    (wait, retry) = (retry, Next(retry, settings.ResyncInterval));
                }
            }

            if (linger.NextRelease is { } release) wait = TimeSpan.FromTicks(Math.Clamp((release - time.GetUtcNow()).Ticks, 0, wait.Ticks));
            // Woken by a change: read afresh only what may have changed. By the timer: everything (drift).
            var woken = await WaitForWakeAsync(wait, stoppingToken);
            metrics.RecordWake(woken);
            read = woken == Wake.Timer ? ReadScope.Everything : ReadScope.ChangedServices;
            await Task.Delay(Coalesce, time, stoppingToken);
        }
    }

    /// <summary>
    /// The wait for a change is cancelled when the timer wins, so no abandoned waiter is left behind to
    /// swallow the next change notification (and none piles up, one per resync).
    /// </summary>
    /// <returns>What ended the wait.</returns>
    private async Task<Wake> WaitForWakeAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(timeout, time, stoppingToken);
        var desired = source.WaitForChangeAsync(wake.Token);
        var health = healthGate.WaitForTransitionAsync(wake.Token);
        // FRR taking a configuration or a session changing wakes it too, so the slice statuses say what FRR holds.
        var first = await Task.WhenAny(desired, health, bgp.WaitForChangeAsync(wake.Token), timer);
        await wake.CancelAsync();
        return first == timer ? Wake.Timer : first == desired ? Wake.DesiredState : first == health ? Wake.Health : Wake.Bgp;
    }

    /// <summary>The kernel has been changed by now: a report that cannot be handed on is not a failed cycle.</summary>
    private async Task TellSourceAsync(NodeDesiredState applied, CycleReport cycle, CancellationToken stoppingToken)
    {
        try
        {
            await source.ReportAsync(applied, cycle, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReportFailed(e);
        }
    }

    private static CycleReport Cycle(ReconcileResult result) =>
        new(result.Plan, result.Failures.Select(f => (f.Operation, f.Error!.Message)).ToList()) { Draining = result.Draining };

    private static List<(string Kind, int Count)> AppliedByKind(IEnumerable<OperationOutcome> outcomes) =>
        outcomes.Where(o => o.Succeeded).GroupBy(o => o.Operation.GetType().Name).Select(g => (g.Key, g.Count())).ToList();

    private static TimeSpan Next(TimeSpan retry, TimeSpan cap) => TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, cap.Ticks));

    /// <summary>
    /// A cycle of up to this many operations logs each one applied; a larger one (the first cycle of 1,000 services
    /// is 11,000) logs how many of each kind, and each at Debug: one line apiece held the cycle's end behind the log
    /// writer for 12-30 s in the lab VM (bench/README.md, issue 14). Failures are always logged one by one.
    /// </summary>
    private const int OperationsLoggedEach = 256;

    private void Report(ReconcileResult result)
    {
        foreach (var conflict in result.Plan.Conflicts) LogConflict(conflict.Subject, conflict.Reason);
        var each = result.Outcomes.Count <= OperationsLoggedEach;
        var failures = 0;
        foreach (var outcome in result.Outcomes)
        {
            if (!outcome.Succeeded) LogOperationFailed(outcome.Operation, outcome.Error!.Message);
            else if (each) LogApplied(outcome.Operation);
            else LogAppliedOne(outcome.Operation);
            failures += outcome.Succeeded ? 0 : 1;
        }

        if (!each)
            foreach (var (kind, count) in AppliedByKind(result.Outcomes)) LogAppliedMany(count, kind);
        if (!result.Plan.IsEmpty) LogCycle(result.Outcomes.Count, failures, result.Duration);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent for node {Node} started; the ledger lists {Services} service(s) and {Addresses} address(es) it owns")]
    private partial void LogStarted(string node, int services, int addresses);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot start: the node's kernel or ledger is unusable")]
    private partial void LogCannotStart(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No valid desired state yet; the kernel is left as it is")]
    private partial void LogNoDesiredState();

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile failed before changing anything; retrying in {RetryMs} ms")]
    private partial void LogCycleFailed(Exception error, double retryMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciled, but the cycle's report could not be handed on")]
    private partial void LogReportFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not done: {Subject}: {Reason}")]
    private partial void LogConflict(string subject, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied: {Operation}")]
    private partial void LogApplied(Operation operation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied: {Operation}")]
    private partial void LogAppliedOne(Operation operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} {Kind} operation(s); each is logged at Debug level")]
    private partial void LogAppliedMany(int count, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed: {Operation}: {Reason}")]
    private partial void LogOperationFailed(Operation operation, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled: {Operations} operation(s), {Failures} failed, in {Duration}")]
    private partial void LogCycle(int operations, int failures, TimeSpan duration);
}
