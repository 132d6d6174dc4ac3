using System.Net;
using System.Threading.Channels;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Bgp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Bgp;

/// <summary>
/// Keeps the FRR beside the agent announcing what the node's slices ask (issue 17): the VIPs while the last cycle left
/// the kernel as desired, none otherwise, and none from the moment the agent stops, so the router moves flows to the
/// other directors while this one still forwards the connections it has. Applied off the reconcile loop (a reload
/// takes 30 s and more on a loaded node, and neither the kernel nor readiness waits for it): the latest offer wins,
/// one apply runs at a time, and <see cref="Announcing"/> and <see cref="Sessions"/> say what FRR holds.
/// </summary>
internal sealed partial class BgpAnnouncer(
    FrrDaemon daemon, IBgpPasswordSource passwords, IOptions<AgentOptions> options, TimeProvider time, ILogger<BgpAnnouncer> logger)
    : IDisposable
{
    private static readonly IReadOnlyDictionary<BgpPasswordRef, string> NoSecrets = new Dictionary<BgpPasswordRef, string>();

    private readonly Lock _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private (BgpAnnouncement Intent, bool Serving)? _pending;
    private List<TaskCompletionSource> _waiting = [];
    private BgpAnnouncement _intent = BgpAnnouncement.Empty;
    private Task? _worker;
    private bool _stopping;
    private bool _touched;
    private IReadOnlyDictionary<BgpPasswordRef, string> _secrets = NoSecrets;
    private Dictionary<(IPAddress, string), bool> _established = [];
    private IReadOnlyList<BgpSessionStatus> _sessions = [];
    private bool _announcing;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A session was established and no longer is, or came up; raised on the announcer's worker.</summary>
    public event Action<BgpSessionChange>? SessionChanged;

    /// <summary>The sessions as FRR last reported them, for the NodeSlice statuses (empty without <c>--bgp</c>).</summary>
    public IReadOnlyList<BgpSessionStatus> Sessions => Volatile.Read(ref _sessions);

    /// <summary>Whether the configuration FRR holds announces the VIPs.</summary>
    public bool Announcing => Volatile.Read(ref _announcing);

    /// <summary>Completes when <see cref="Announcing"/> or a session's state changes, so the slice statuses follow.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);

    /// <summary>Withdraws the VIPs of the last intent, keeping the sessions: the agent is not ready (no valid desired state).</summary>
    public Task OfferWithdrawalAsync()
    {
        BgpAnnouncement last;
        lock (_gate) last = _intent;
        return OfferAsync(last, serving: false);
    }

    /// <summary>
    /// Hands the intent to the worker and returns at once; the task completes when an apply that includes this
    /// offer (or a later one that replaced it) has finished. Nothing is applied once the agent is stopping.
    /// </summary>
    public Task OfferAsync(BgpAnnouncement intent, bool serving)
    {
        if (!options.Value.Bgp) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopping) return Task.CompletedTask;
            _intent = intent;
            _pending = (intent, serving);
            _waiting.Add(done);
            _worker ??= Task.Run(() => RunAsync(_stop.Token));
        }

        _wake.Writer.TryWrite(true);
        return done.Task;
    }

    /// <summary>
    /// Withdraws every VIP and keeps it so until the process ends: cancels the apply in flight (a reload killed
    /// half-way is fine, bgpd's own configuration is what is withdrawn) and removes the VIPs with one vtysh change.
    /// </summary>
    public async Task WithdrawAsync(CancellationToken cancellationToken)
    {
        Task? worker;
        BgpAnnouncement intent;
        lock (_gate)
        {
            if (_stopping || !options.Value.Bgp) return;
            (_stopping, worker, intent) = (true, _worker, _intent);
        }

        var started = time.GetTimestamp();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            // The worker ends as soon as its reload is killed; bounded all the same, as everything here.
            if (worker is not null) await worker.WaitAsync(cancellationToken).ConfigureAwait(false);
            // A node that never had anything to announce leaves FRR (and a hand-made configuration) alone, unless
            // bgpd still runs what an earlier agent rendered: stopped before its first intent, this one withdraws that.
            if (!_touched && !await daemon.RunsRenderedConfigurationAsync(cancellationToken).ConfigureAwait(false)) return;
            LogWithdrawing(intent.Routes.Count);
            var withdrawn = await daemon.WithdrawAsync(Render(intent, _secrets, serving: false), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _announcing, false);
            var took = time.GetElapsedTime(started).TotalMilliseconds;
            LogWithdrawn(withdrawn, took);
        }
        catch (Exception e) when (e is FrrException or OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            var took = time.GetElapsedTime(started).TotalMilliseconds;
            LogWithdrawalFailed(e, took);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                (BgpAnnouncement Intent, bool Serving)? next;
                List<TaskCompletionSource> waiting;
                lock (_gate) (next, _pending, waiting, _waiting) = (_pending, null, _waiting, []);
                try
                {
                    if (next is { } offer) await ApplyAsync(offer.Intent, offer.Serving, stop).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var offered in waiting) offered.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the withdrawal takes over, and what was still offered is answered now.
            lock (_gate) foreach (var offered in _waiting) offered.TrySetResult();
        }
    }

    private async Task ApplyAsync(BgpAnnouncement intent, bool serving, CancellationToken cancellationToken)
    {
        if (intent.IsEmpty && !_touched) return;
        _touched = true;
        try
        {
            var secrets = await passwords.ReadAsync(intent.Sessions.Values.Select(v => v.Password).OfType<BgpPasswordRef>(), cancellationToken)
                .ConfigureAwait(false);
            _secrets = secrets;
            var rendering = Render(intent, secrets, serving);
            foreach (var problem in rendering.Problems) LogSessionLeftOut(problem);
            var announcing = serving && intent.Routes.Count > 0;
            if (!announcing && Volatile.Read(ref _announcing)) await WithdrawBeforeReloadAsync(rendering, cancellationToken).ConfigureAwait(false);
            var outcome = await daemon.ApplyAsync(rendering, cancellationToken).ConfigureAwait(false);
            if (outcome == FrrApply.Restored) LogRestored();
            if (outcome != FrrApply.Unchanged) LogApplied(intent.Sessions.Count, announcing ? intent.Routes.Count : 0);
            if (Volatile.Read(ref _announcing) != announcing) Changed();
            Volatile.Write(ref _announcing, announcing);
            Observe(await daemon.ReadSessionsAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogApplyFailed(e);
        }
    }

    /// <summary>
    /// A director that stops serving (its cycle failed) leaves the router's paths with one vtysh change, as on a
    /// graceful stop: the reload that follows converges the rest, but takes seconds on a busy node (minutes in the
    /// lab under load) during which the router would keep sending it new flows.
    /// </summary>
    private async Task WithdrawBeforeReloadAsync(FrrRendering withdrawn, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var count = await daemon.WithdrawAsync(withdrawn, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _announcing, false);
        Changed();
        LogNotServingWithdrawn(count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private FrrRendering Render(BgpAnnouncement intent, IReadOnlyDictionary<BgpPasswordRef, string> secrets, bool serving)
    {
        var routerId = IPAddress.TryParse(options.Value.BgpRouterId, out var id) ? id : null;
        return FrrConfig.Render(intent, new FrrRenderOptions(routerId, secrets, serving));
    }

    private void Changed() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>Metrics for every session, and a warning when one that was established is no longer.</summary>
    private void Observe(IReadOnlyList<BgpPeerState> sessions)
    {
        BgpMetrics.Record(sessions, time.GetUtcNow());
        var statuses = sessions.Select(StatusOf).ToList();
        if (!statuses.SequenceEqual(Volatile.Read(ref _sessions))) Changed();
        Volatile.Write(ref _sessions, statuses);
        var now = sessions.ToDictionary(s => (s.Peer, s.Family), s => s.Established);
        foreach (var ((peer, family), established) in now)
        {
            var was = _established.GetValueOrDefault((peer, family));
            if (was == established) continue;
            if (was) LogSessionLost(peer, family);
            else LogSessionEstablished(peer, family);
            SessionChanged?.Invoke(new BgpSessionChange(peer, family, established));
        }

        // A session gone from FRR's answer altogether (its peer removed from the intent) was lost on purpose: no event.
        _established = now;
    }

    private static BgpSessionStatus StatusOf(BgpPeerState s) => new()
    {
        Peer = s.Peer.ToString(), Family = s.Family, State = s.State, Established = s.Established, Since = s.EstablishedSince,
        PrefixesAdvertised = s.PrefixesSent,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: session with {Peer} ({Family}) is no longer established")]
    private partial void LogSessionLost(IPAddress peer, string family);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP: session with {Peer} ({Family}) established")]
    private partial void LogSessionEstablished(IPAddress peer, string family);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP: FRR configured with {Sessions} session(s), {Routes} VIP route(s) announced")]
    private partial void LogApplied(int sessions, int routes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: {Problem}")]
    private partial void LogSessionLeftOut(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: FRR did not take the configuration or could not be asked; retried after the next cycle")]
    private partial void LogApplyFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: bgpd no longer held the agent's configuration (restarted?); applied it again")]
    private partial void LogRestored();

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: not serving, withdrew {Withdrawn} VIP route(s) from bgpd in {ElapsedMs} ms; the sessions stay up")]
    private partial void LogNotServingWithdrawn(int withdrawn, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP: stopping, withdrawing every VIP ({Routes} in the intent) before the agent stops")]
    private partial void LogWithdrawing(int routes);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP: withdrew {Withdrawn} VIP route(s) from bgpd in {ElapsedMs} ms; the agent stops now")]
    private partial void LogWithdrawn(int withdrawn, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "BGP: the withdrawal failed after {ElapsedMs} ms; the router keeps the VIPs until bgpd's session ends")]
    private partial void LogWithdrawalFailed(Exception error, double elapsedMs);
}
