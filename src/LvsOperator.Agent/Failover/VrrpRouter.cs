using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Vrrp.Election;
using LvsOperator.Vrrp.Wire;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// One failover group in one address family: a <see cref="VrrpInstance"/> fed by a single loop (packets from the
/// link, its timers on the <see cref="TimeProvider"/>), which turns the instance's commands into sends, into
/// holding or releasing the VIPs (the gate's business, through <paramref name="changed"/>) and into announcements.
/// Disposing it sends priority 0 as a master (RFC 5798 §6.4.3), so a backup takes over after Skew_Time.
/// </summary>
internal sealed partial class VrrpRouter(
    FailoverGroup group, AddressFamily family, string interfaceName, IVrrpLink link, TimeProvider time, ILogger logger, Action<VrrpRouter> changed) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly VrrpInstance _vrrp = new(Options(group, family, link.PrimaryAddress), time);
    private ImmutableArray<IPAddress> _pendingAnnouncement = [];
    private int _announcementCount;
    private Task _loop = Task.CompletedTask;

    public FailoverGroup Group { get; } = group;
    public AddressFamily Family { get; } = family;
    public string Interface { get; } = interfaceName;

    /// <summary>The VIPs of this router's family; held only while <see cref="IsMaster"/>.</summary>
    public ImmutableArray<IPAddress> Addresses { get; } = [.. group.Addresses.Where(a => a.AddressFamily == family)];

    /// <summary>Whether the instance asked for the VIPs (and has not given them up); read from other threads.</summary>
    public bool IsMaster => Volatile.Read(ref _held);

    private bool _held;

    /// <summary>The router's state and since when, for the NodeSlice status; replaced whole on each transition.</summary>
    public FailoverRouterStatus Report => Volatile.Read(ref _report);

    private FailoverRouterStatus _report = new()
    {
        VirtualRouterId = group.VirtualRouterId,
        IpFamily = family.ToIpFamily(),
        State = FailoverRouterState.Initialize,
        Since = time.GetUtcNow(),
    };

    public static VrrpInstanceOptions Options(FailoverGroup group, AddressFamily family, IPAddress primary) => new()
    {
        VirtualRouterId = group.VirtualRouterId,
        Priority = group.Priority,
        AdvertisementInterval = group.AdvertisementInterval,
        PrimaryAddress = primary,
        VirtualAddresses = [.. group.Addresses.Where(a => a.AddressFamily == family)],
        Preempt = group.Preempt,
        PreemptDelay = group.PreemptDelay,
        UnicastPeers = [.. group.UnicastPeers.Where(p => p.AddressFamily == family && !p.Equals(primary))],
    };

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The addresses are on the node now (the planner applied them): the first burst of announcements may go.</summary>
    public void AddressesApplied(IReadOnlySet<IPAddress> present)
    {
        var pending = ImmutableInterlocked.InterlockedExchange(ref _pendingAnnouncement, []);
        if (pending.IsDefaultOrEmpty) return;
        if (pending.All(present.Contains)) Announce(pending, _announcementCount);
        else ImmutableInterlocked.InterlockedCompareExchange(ref _pendingAnnouncement, pending, []);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        Execute(_vrrp.Start());
        var receive = link.ReceiveAsync(stop).AsTask();
        while (!stop.IsCancellationRequested)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var timer = Task.Delay(_vrrp.TimeUntilNextTimer ?? Timeout.InfiniteTimeSpan, time, wake.Token);
            var timerFired = await Task.WhenAny(receive, timer).ConfigureAwait(false) == timer;
            await wake.CancelAsync().ConfigureAwait(false);
            if (stop.IsCancellationRequested) break;
            // After a stall of the host both may be ready: an advertisement already waiting arrived before the timer
            // was served, so it goes first (a backup would otherwise take over from a live master and hand back at
            // its next advert). One packet per expiry, so a stream of packets cannot hold the timer back; the
            // timer then acts only on what is still due.
            if (!timerFired || receive.IsCompleted || link.HasPending)
            {
                await ReceiveOneAsync(receive).ConfigureAwait(false);
                receive = link.ReceiveAsync(stop).AsTask();
            }

            if (timerFired) Execute(_vrrp.OnTimerFired());
        }

        Execute(_vrrp.Shutdown());
    }

    private async Task ReceiveOneAsync(Task<(ReadOnlyMemory<byte> Payload, VrrpIpHeader Header)> receive)
    {
        try
        {
            var (payload, header) = await receive.ConfigureAwait(false);
            Execute(_vrrp.Receive(payload.Span, header));
        }
        catch (SocketException e)
        {
            LogReceiveFailed(Group.VirtualRouterId, e.Message);
        }
    }

    private void Execute(IReadOnlyList<VrrpCommand> commands)
    {
        foreach (var command in commands)
        {
            switch (command)
            {
                case SendAdvertisement send:
                    try { link.Send(send.Destination, send.Payload); }
                    catch (SocketException e) { LogSendFailed(Group.VirtualRouterId, send.Destination, e.Message); }
                    break;
                case AddVirtualAddresses:
                    Volatile.Write(ref _held, true);
                    changed(this);
                    break;
                case RemoveVirtualAddresses:
                    ImmutableInterlocked.InterlockedExchange(ref _pendingAnnouncement, []);
                    Volatile.Write(ref _held, false);
                    changed(this);
                    break;
                case AnnounceVirtualAddresses { IsRepeat: true } repeat:
                    Announce(repeat.Addresses, repeat.Count);
                    break;
                case AnnounceVirtualAddresses first:
                    // The planner adds the VIPs a cycle later; announcing before would point neighbours at a node
                    // that drops the traffic, so the burst waits for AddressesApplied.
                    _announcementCount = first.Count;
                    ImmutableInterlocked.InterlockedExchange(ref _pendingAnnouncement, first.Addresses);
                    break;
                case VrrpStateChanged transition:
                    LogTransition(Group.VirtualRouterId, Family, transition.From, transition.To, Group.Priority);
                    FailoverMetrics.Transition(Group.VirtualRouterId, Family, transition.To);
                    Volatile.Write(ref _report, _report with { State = StateOf(transition.To), Since = time.GetUtcNow() });
                    changed(this);
                    break;
                case AdvertisementRejected rejected:
                    LogRejected(Group.VirtualRouterId, rejected.Source, rejected.Reason);
                    break;
            }
        }
    }

    private static FailoverRouterState StateOf(VrrpState state) => state switch
    {
        VrrpState.Master => FailoverRouterState.Master,
        VrrpState.Backup => FailoverRouterState.Backup,
        _ => FailoverRouterState.Initialize,
    };

    private void Announce(ImmutableArray<IPAddress> addresses, int count)
    {
        try { link.Announce(addresses, count); }
        catch (SocketException e) { LogAnnounceFailed(Group.VirtualRouterId, e.Message); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        link.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP {VirtualRouterId} ({Family}): {From} -> {To} at priority {Priority}")]
    private partial void LogTransition(byte virtualRouterId, AddressFamily family, VrrpState from, VrrpState to, byte priority);

    [LoggerMessage(Level = LogLevel.Debug, Message = "VRRP {VirtualRouterId}: advertisement from {Source} discarded: {Reason}")]
    private partial void LogRejected(byte virtualRouterId, IPAddress source, VrrpRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: advertisement to {Destination} not sent: {Reason}")]
    private partial void LogSendFailed(byte virtualRouterId, IPAddress destination, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: receive failed: {Reason}")]
    private partial void LogReceiveFailed(byte virtualRouterId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: announcements not sent: {Reason}")]
    private partial void LogAnnounceFailed(byte virtualRouterId, string reason);
}
