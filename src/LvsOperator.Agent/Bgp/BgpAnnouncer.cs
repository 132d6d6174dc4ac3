using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Bgp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Bgp;

/// <summary>
/// Keeps the FRR beside the agent announcing what the node's slices ask (issue 17), after each reconcile cycle: the
/// VIPs while the last cycle left the kernel as desired, none otherwise, and none from the moment the agent stops, so
/// the router moves flows to the other directors while this one still forwards the connections it has.
/// </summary>
internal sealed partial class BgpAnnouncer(
    FrrDaemon daemon, IBgpPasswordSource passwords, IOptions<AgentOptions> options, TimeProvider time, ILogger<BgpAnnouncer> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private BgpAnnouncement _intent = BgpAnnouncement.Empty;
    private bool _touched;
    private bool _stopping;
    private Dictionary<(IPAddress, string), bool> _established = [];
    private IReadOnlyList<BgpSessionStatus> _sessions = [];
    private bool _announcing;

    /// <summary>A session was established and no longer is, or came up; raised on the reconcile loop's thread.</summary>
    public event Action<BgpSessionChange>? SessionChanged;

    /// <summary>The sessions as FRR last reported them, for the NodeSlice statuses (empty without <c>--bgp</c>).</summary>
    public IReadOnlyList<BgpSessionStatus> Sessions => Volatile.Read(ref _sessions);

    /// <summary>Whether the last configuration FRR took announces the VIPs.</summary>
    public bool Announcing => Volatile.Read(ref _announcing);

    /// <summary>Withdraws the VIPs of the last intent, keeping the sessions: the agent is not ready (no valid desired state).</summary>
    public Task WithdrawUntilReadyAsync(CancellationToken cancellationToken) => ApplyAsync(_intent, serving: false, cancellationToken);

    public async Task ApplyAsync(BgpAnnouncement intent, bool serving, CancellationToken cancellationToken)
    {
        if (!options.Value.Bgp) return;
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _intent = intent;
            // A node that never had anything to announce leaves FRR (and a hand-made configuration) alone.
            if (intent.IsEmpty && !_touched) return;
            _touched = true;
            var routerId = IPAddress.TryParse(options.Value.BgpRouterId, out var id) ? id : null;
            var secrets = await passwords.ReadAsync(intent.Sessions.Values.Select(v => v.Password).OfType<BgpPasswordRef>(), cancellationToken)
                .ConfigureAwait(false);
            var rendering = FrrConfig.Render(intent, new FrrRenderOptions(routerId, secrets, serving && !_stopping));
            foreach (var problem in rendering.Problems) LogSessionLeftOut(problem);
            var announcing = serving && !_stopping && intent.Routes.Count > 0;
            if (await daemon.ApplyAsync(rendering.Text, cancellationToken).ConfigureAwait(false))
                LogApplied(intent.Sessions.Count, announcing ? intent.Routes.Count : 0);
            Volatile.Write(ref _announcing, announcing);
            Observe(await daemon.ReadSessionsAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (FrrException e)
        {
            LogApplyFailed(e);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>Metrics for every session, and a warning when one that was established is no longer.</summary>
    private void Observe(IReadOnlyList<BgpPeerState> sessions)
    {
        BgpMetrics.Record(sessions, time.GetUtcNow());
        Volatile.Write(ref _sessions, sessions.Select(StatusOf).ToList());
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

    /// <summary>Withdraws every VIP and keeps it so until the process ends.</summary>
    public Task WithdrawAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        LogWithdrawing();
        return ApplyAsync(_intent, serving: false, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP: FRR configured with {Sessions} session(s), {Routes} VIP route(s) announced")]
    private partial void LogApplied(int sessions, int routes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: {Problem}")]
    private partial void LogSessionLeftOut(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: FRR did not take the configuration or could not be asked; retried after the next cycle")]
    private partial void LogApplyFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP: stopping, withdrawing every VIP before the agent stops")]
    private partial void LogWithdrawing();
}
