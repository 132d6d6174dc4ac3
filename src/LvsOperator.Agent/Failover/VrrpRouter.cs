using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink.Scheduling;
using LvsOperator.Vrrp.Election;
using LvsOperator.Vrrp.Wire;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// One failover group in one address family: a <see cref="VrrpInstance"/> fed by a single loop (packets from the
/// link, its timers on the <see cref="TimeProvider"/>), which turns the instance's commands into sends, into
/// holding or releasing the VIPs (the gate's business, through <paramref name="changed"/>) and into announcements.
/// Disposing it sends priority 0 as a master (RFC 5798 §6.4.3), so a backup takes over after Skew_Time.
/// <para>
/// The loop is keepalived's VRRP process in one thread (issue 15): a dedicated thread, not the thread pool nor an
/// async timer, so no reconcile cycle, health check or thread-pool starvation can hold an advertisement back; at
/// SCHED_RR <paramref name="realTimePriority"/> (0: off) so a busy node's other work cannot either; and allocating
/// nothing between two advertisements, so the GC has no cause to stop it. A master stalled past its peers'
/// master-down interval (0.36 s at 100 ms adverts) loses mastership to a live backup: that is what this prevents.
/// </para>
/// </summary>
internal sealed partial class VrrpRouter(
    FailoverGroup group, AddressFamily family, string interfaceName, IVrrpLink link, TimeProvider time, ILogger logger,
    Action<VrrpRouter> changed, int realTimePriority = 0) : IAsyncDisposable
{
    // How long the thread sleeps at most before it looks at the stop flag: the latency of a stop, nothing else.
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(100);

    private readonly VrrpInstance _vrrp = new(Options(group, family, link.PrimaryAddress), time);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<IPAddress> _pendingAnnouncement = [];
    private int _announcementCount;
    private bool _stopping;
    private bool _started;

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

    public void Start()
    {
        _started = true;
        var name = $"vrrp-{Group.VirtualRouterId}-{(Family == AddressFamily.InterNetworkV6 ? "v6" : "v4")}";
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>The addresses are on the node now (the planner applied them): the first burst of announcements may go.</summary>
    public void AddressesApplied(IReadOnlySet<IPAddress> present)
    {
        var pending = ImmutableInterlocked.InterlockedExchange(ref _pendingAnnouncement, []);
        if (pending.IsDefaultOrEmpty) return;
        if (pending.All(present.Contains)) Announce(pending, _announcementCount);
        else ImmutableInterlocked.InterlockedCompareExchange(ref _pendingAnnouncement, pending, []);
    }

    private void Run()
    {
        try
        {
            if (realTimePriority > 0) ScheduleRealTime();
            Begin();
            while (!Volatile.Read(ref _stopping)) Step(StopPoll);
            Execute(_vrrp.Shutdown());
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void ScheduleRealTime()
    {
        var error = RealTime.TrySetCurrentThread(realTimePriority);
        if (error == 0) LogRealTime(Group.VirtualRouterId, realTimePriority);
        else LogRealTimeRefused(Group.VirtualRouterId, realTimePriority, RealTime.Describe(error));
    }

    /// <summary>Startup (RFC 5798 §6.4.1); the thread's first act, and a test's.</summary>
    internal void Begin() => Execute(_vrrp.Start());

    /// <summary>
    /// One turn of the loop: wait for a packet until the next timer is due (at most <paramref name="longest"/>), then
    /// read one packet if one waits, then serve the timers that are due. After a stall both may be ready: the
    /// advertisement already waiting arrived before the timer was served, so it goes first (a backup would otherwise
    /// take over from a live master and hand back at its next advert). One packet per turn, so a stream of packets
    /// cannot hold the timer back.
    /// </summary>
    internal void Step(TimeSpan longest)
    {
        var wait = _vrrp.TimeUntilNextTimer is { } due && due < longest ? due : longest;
        var turn = LateTimer.Begin(time);
        // poll(2) counts whole milliseconds and the BCL truncates: round up, or the thread spins until the deadline.
        if (link.WaitForPacket(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)))) ReceiveOne();
        if (_vrrp.TimeUntilNextTimer != TimeSpan.Zero) return;
        if (turn.Late(time, wait) is { } late && late >= Group.AdvertisementInterval) ReportLate(late, turn);
        Execute(_vrrp.OnTimerFired());
    }

    // A timer served an advertisement interval or more after it was due: say how long and how much of it the GC
    // held the process (a blocking collection suspends this thread too, whatever its scheduling class).
    private void ReportLate(TimeSpan late, LateTimer turn)
    {
        var gc = turn.Since();
        var last = GC.GetGCMemoryInfo(GCKind.Any);
        LogLateTimer(Group.VirtualRouterId, Family, late.TotalMilliseconds, gc.Pause.TotalMilliseconds,
            gc.Gen0, gc.Gen1, gc.Gen2, last.Generation, last.Compacted, last.Concurrent,
            last.PauseDurations.Length > 0 ? last.PauseDurations[0].TotalMilliseconds : 0);
    }

    private void ReceiveOne()
    {
        try
        {
            var (payload, header) = link.Receive();
            Execute(_vrrp.Receive(payload.Span, header));
        }
        catch (SocketException e)
        {
            LogReceiveFailed(Group.VirtualRouterId, e.Message);
        }
    }

    private void Execute(IReadOnlyList<VrrpCommand> commands)
    {
        // An index, not foreach: the interface's enumerator would be an allocation per advertisement.
        for (var i = 0; i < commands.Count; i++)
        {
            switch (commands[i])
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
                case LowerPriorityAdvertisementAnswered answered:
                    LogLowerPriorityAnswered(Group.VirtualRouterId, Family, answered.Source, answered.Priority, Group.Priority);
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
        Volatile.Write(ref _stopping, true);
        if (_started) await _stopped.Task.ConfigureAwait(false);
        link.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP {VirtualRouterId}: advertisement thread at SCHED_RR priority {Priority}")]
    private partial void LogRealTime(byte virtualRouterId, int priority);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: real-time scheduling (SCHED_RR {Priority}) refused, the advertisement thread competes with every other on a busy node: {Reason}")]
    private partial void LogRealTimeRefused(byte virtualRouterId, int priority, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId} ({Family}): timer served {LateMs:F0} ms late; the GC paused the process {GcPauseMs:F0} ms meanwhile ({Gen0} gen0, {Gen1} gen1, {Gen2} gen2 collections; the last: gen{Generation}, compacted {Compacted}, concurrent {Concurrent}, first pause {LastPauseMs:F0} ms)")]
    private partial void LogLateTimer(byte virtualRouterId, AddressFamily family, double lateMs, double gcPauseMs,
        int gen0, int gen1, int gen2, int generation, bool compacted, bool concurrent, double lastPauseMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP {VirtualRouterId} ({Family}): {From} -> {To} at priority {Priority}")]
    private partial void LogTransition(byte virtualRouterId, AddressFamily family, VrrpState from, VrrpState to, byte priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP {VirtualRouterId} ({Family}): master re-announced because of a lower-priority advertisement from {Source} (priority {SenderPriority} < {Priority})")]
    private partial void LogLowerPriorityAnswered(byte virtualRouterId, AddressFamily family, IPAddress source, byte senderPriority, byte priority);

    [LoggerMessage(Level = LogLevel.Debug, Message = "VRRP {VirtualRouterId}: advertisement from {Source} discarded: {Reason}")]
    private partial void LogRejected(byte virtualRouterId, IPAddress source, VrrpRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: advertisement to {Destination} not sent: {Reason}")]
    private partial void LogSendFailed(byte virtualRouterId, IPAddress destination, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: receive failed: {Reason}")]
    private partial void LogReceiveFailed(byte virtualRouterId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP {VirtualRouterId}: announcements not sent: {Reason}")]
    private partial void LogAnnounceFailed(byte virtualRouterId, string reason);
}
