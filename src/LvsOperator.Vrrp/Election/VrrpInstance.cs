using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// One virtual router's state machine (RFC 5798 §6.4), pure: events go in, <see cref="VrrpCommand"/>s
/// come out, and time is read from the injected <see cref="TimeProvider"/>. Its timers are deadlines:
/// the adapter waits <see cref="TimeUntilNextTimer"/> (or less) and calls <see cref="OnTimerFired"/>,
/// which acts on whatever is due, so an early or repeated call does nothing. Not thread-safe: one
/// loop feeds it packets, timer wake-ups and shutdown.
/// </summary>
public sealed class VrrpInstance
{
    private readonly VrrpInstanceOptions _options;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly VrrpWireOptions _wire;
    private readonly Advertisements _advertisements;
    private readonly LowerPriorityAnswer _lowerPriorityAnswer;

    private TimeSpan? _masterDownAt;
    private TimeSpan? _advertiseAt;
    private TimeSpan? _repeatAnnouncementAt;

    // Keepalived's preempt_time: until this moment a lower-priority master is tolerated; null means
    // the delay is not running and starts at the next lower-priority advertisement.
    private TimeSpan? _preemptHoldUntil;

    /// <summary>Checks the options (every error in one exception) and starts in Initialize.</summary>
    public VrrpInstance(VrrpInstanceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid VRRP instance: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _time = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _wire = new VrrpWireOptions { Ipv4Checksum = options.Ipv4Checksum, RequireHopLimit255 = options.UnicastPeers.IsEmpty };
        _advertisements = new Advertisements(options);
        _lowerPriorityAnswer = new LowerPriorityAnswer(options);
        MasterAdvertisementInterval = options.AdvertisementInterval;
    }

    /// <summary>The current state.</summary>
    public VrrpState State { get; private set; } = VrrpState.Initialize;

    /// <summary>Master_Adver_Interval: the master's interval as last learned (a backup's), else ours.</summary>
    public TimeSpan MasterAdvertisementInterval { get; private set; }

    /// <summary>Skew_Time = ((256 − Priority) × Master_Adver_Interval) / 256 (§6.1).</summary>
    public TimeSpan SkewTime => TimeSpan.FromTicks((256 - _options.Priority) * MasterAdvertisementInterval.Ticks / 256);

    /// <summary>Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time (§6.1).</summary>
    public TimeSpan MasterDownInterval => (3 * MasterAdvertisementInterval) + SkewTime;

    /// <summary>How long until the earliest running timer is due (zero if overdue); null when none runs.</summary>
    public TimeSpan? TimeUntilNextTimer
    {
        get
        {
            TimeSpan? next = null;
            foreach (var at in (ReadOnlySpan<TimeSpan?>)[_masterDownAt, _advertiseAt, _repeatAnnouncementAt])
            {
                if (at is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            var now = Now;
            return next is { } earliest ? (earliest > now ? earliest - now : TimeSpan.Zero) : null;
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Startup (§6.4.1): the address owner becomes master at once, anyone else backup.</summary>
    public IReadOnlyList<VrrpCommand> Start()
    {
        var commands = new List<VrrpCommand>();
        if (State != VrrpState.Initialize)
        {
            return commands;
        }

        if (_options.IsAddressOwner)
        {
            BecomeMaster(commands);
            return commands;
        }

        MasterAdvertisementInterval = _options.AdvertisementInterval;
        _preemptHoldUntil = _options.PreemptDelay > TimeSpan.Zero ? Now + _options.PreemptDelay : null;
        BecomeBackup(commands);
        return commands;
    }

    /// <summary>
    /// Shutdown (§6.4.2, §6.4.3): a master sends priority 0 so a backup takes over after Skew_Time
    /// instead of Master_Down_Interval, and gives up the addresses; then Initialize.
    /// </summary>
    public IReadOnlyList<VrrpCommand> Shutdown()
    {
        var commands = new List<VrrpCommand>();
        if (State == VrrpState.Master)
        {
            Advertise(commands, priority: 0);
            commands.Add(new RemoveVirtualAddresses(_options.VirtualAddresses));
        }

        if (State != VrrpState.Initialize)
        {
            ChangeState(commands, VrrpState.Initialize);
        }

        return commands;
    }

    /// <summary>
    /// Handles whichever timers are due: Master_Down_Timer, Adver_Timer, the repeat announcement. A master's
    /// wake-up that came late (its thread was not scheduled in time) sends one advertisement and counts the next
    /// interval from now: no burst to catch up, and nothing a timer does makes a master step down. The steady
    /// state (only Adver_Timer due) returns the same preallocated commands every time.
    /// </summary>
    public IReadOnlyList<VrrpCommand> OnTimerFired()
    {
        var now = Now;
        if (State == VrrpState.Master && !(_repeatAnnouncementAt <= now))
        {
            if (!(_advertiseAt <= now)) return [];
            _advertiseAt = now + _options.AdvertisementInterval;
            return _advertisements.AtConfiguredPriority;
        }

        var commands = new List<VrrpCommand>();
        if (State == VrrpState.Backup && _masterDownAt <= now)
        {
            BecomeMaster(commands);
            return commands;
        }

        if (State != VrrpState.Master)
        {
            return commands;
        }

        if (_repeatAnnouncementAt <= now)
        {
            _repeatAnnouncementAt = null;
            commands.Add(new AnnounceVirtualAddresses(_options.VirtualAddresses, _options.AnnouncementCount, IsRepeat: true));
        }

        if (_advertiseAt <= now)
        {
            Advertise(commands, _options.Priority);
            _advertiseAt = now + _options.AdvertisementInterval;
        }

        return commands;
    }

    /// <summary>A packet from the socket: decoded and checked (§7.1), then <see cref="ReceiveAdvertisement"/>.</summary>
    public IReadOnlyList<VrrpCommand> Receive(ReadOnlySpan<byte> payload, VrrpIpHeader ip)
    {
        return VrrpPacket.TryDecode(payload, ip, _wire, out var advertisement, out var rejection)
            ? ReceiveAdvertisement(ip.Source, ip.Destination, advertisement)
            : [new AdvertisementRejected(ip.Source, rejection)];
    }

    /// <summary>A decoded advertisement from <paramref name="source"/> sent to <paramref name="destination"/>.</summary>
    public IReadOnlyList<VrrpCommand> ReceiveAdvertisement(IPAddress source, IPAddress destination, VrrpAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(advertisement);
        var rejection = AdvertisementAdmission.Check(_options, State, source, destination, advertisement);
        if (rejection != VrrpRejection.None)
        {
            return [new AdvertisementRejected(source, rejection)];
        }

        var commands = new List<VrrpCommand>();
        if (State == VrrpState.Backup)
        {
            BackupReceives(advertisement);
        }
        else
        {
            MasterReceives(commands, source, advertisement);
        }

        return commands;
    }

    // §6.4.2 "If an ADVERTISEMENT is received", with keepalived's preempt_delay folded into the
    // preemption test.
    private void BackupReceives(VrrpAdvertisement advertisement)
    {
        var now = Now;
        if (advertisement.Priority == 0)
        {
            _masterDownAt = now + SkewTime;
            return;
        }

        var higherOrEqual = advertisement.Priority >= _options.Priority;
        if (!_options.Preempt || higherOrEqual || HoldsPreemption(now))
        {
            MasterAdvertisementInterval = advertisement.Interval;
            _masterDownAt = now + MasterDownInterval;
            if (_options.PreemptDelay > TimeSpan.Zero)
            {
                _preemptHoldUntil = higherOrEqual ? null : _preemptHoldUntil ?? now + _options.PreemptDelay;
            }
        }

        // Otherwise discard: the lower-priority master's adverts no longer reset Master_Down_Timer,
        // so it fires and this backup preempts.
    }

    private bool HoldsPreemption(TimeSpan now) =>
        _options.PreemptDelay > TimeSpan.Zero && (_preemptHoldUntil is null || _preemptHoldUntil > now);

    // §6.4.3 "If an ADVERTISEMENT is received".
    private void MasterReceives(List<VrrpCommand> commands, IPAddress source, VrrpAdvertisement advertisement)
    {
        if (advertisement.Priority == 0)
        {
            // A leaving router is not the master; answer at once so backups do not take over after Skew_Time.
            Advertise(commands, _options.Priority);
            _advertiseAt = Now + _options.AdvertisementInterval;
            return;
        }

        if (advertisement.Priority < _options.Priority)
        {
            // The RFC discards it; answering sends the sender back to backup now, not an interval later.
            var now = Now;
            if (!_lowerPriorityAnswer.TryStart(now)) return;
            Advertise(commands, _options.Priority);
            _advertiseAt = now + _options.AdvertisementInterval;
            _lowerPriorityAnswer.AddTo(commands, source, advertisement.Priority);
            // The flapping sender announces once its own node holds the VIPs, which can be after this answer;
            // keepalived's garp_lower_prio_delay (garp_master_delay by default) sends a second round for that.
            var again = now + _options.AnnouncementRepeatDelay;
            if (_options.AnnouncementRepeatDelay > TimeSpan.Zero && !(_repeatAnnouncementAt <= again)) _repeatAnnouncementAt = again;
            return;
        }

        var senderWins = advertisement.Priority > _options.Priority ||
            (advertisement.Priority == _options.Priority && AddressOrder.Compare(source, _options.PrimaryAddress) > 0);
        if (senderWins)
        {
            MasterAdvertisementInterval = advertisement.Interval;
            commands.Add(new RemoveVirtualAddresses(_options.VirtualAddresses));
            BecomeBackup(commands);
        }
    }

    private void BecomeMaster(List<VrrpCommand> commands)
    {
        ChangeState(commands, VrrpState.Master);
        Advertise(commands, _options.Priority);
        commands.Add(new AddVirtualAddresses(_options.VirtualAddresses));
        commands.Add(new AnnounceVirtualAddresses(_options.VirtualAddresses, _options.AnnouncementCount, IsRepeat: false));
        var now = Now;
        _masterDownAt = null;
        _advertiseAt = now + _options.AdvertisementInterval;
        _repeatAnnouncementAt = _options.AnnouncementRepeatDelay > TimeSpan.Zero ? now + _options.AnnouncementRepeatDelay : null;
    }

    private void BecomeBackup(List<VrrpCommand> commands)
    {
        // From Initialize too: addresses a crashed predecessor left behind must not answer ARP
        // beside the real master.
        if (State == VrrpState.Initialize)
        {
            commands.Add(new RemoveVirtualAddresses(_options.VirtualAddresses));
        }

        ChangeState(commands, VrrpState.Backup);
        _masterDownAt = Now + MasterDownInterval;
    }

    private void ChangeState(List<VrrpCommand> commands, VrrpState to)
    {
        commands.Add(new VrrpStateChanged(State, to));
        State = to;
        _advertiseAt = null;
        _repeatAnnouncementAt = null;
        _masterDownAt = null;
        _lowerPriorityAnswer.Reset();
    }

    private void Advertise(List<VrrpCommand> commands, byte priority) => _advertisements.AddTo(commands, priority);
}
