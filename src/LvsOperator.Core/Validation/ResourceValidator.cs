using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Validation;

/// <summary>
/// Checks one resource on its own: the same rules as the CRD schema and its CEL rules, for manifests that
/// never reach an API server (<c>lvsctl validate</c>, the agent's standalone mode). Returns every error.
/// </summary>
public static class ResourceValidator
{
    public const long MaxUInt32 = uint.MaxValue;
    private const int MaxPersistenceSeconds = 31 * 24 * 3600;
    private const int MaxRiseFall = 100;

    /// <summary>Keepalived's bound on <c>preempt_delay</c>.</summary>
    private static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    public static IReadOnlyList<FieldError> Validate(VirtualService vs)
    {
        var errors = new List<FieldError>();
        var spec = vs.Spec;
        var addresses = spec.Addresses ?? [];
        var hasMark = spec.FirewallMark is not null;

        if (addresses.Count == 0 && !hasMark) errors.Add(new("spec", Messages.AddressOrMark));
        if (addresses.Count > 0 && hasMark || hasMark && spec.Port is not null) errors.Add(new("spec.firewallMark", Messages.NotBothAddressAndMark));
        ValidateAddresses(addresses, errors);

        // With a firewallMark the exclusivity error above already says what is wrong, as the CRD's rule does.
        if (addresses.Count > 0 && spec.Port is null && !hasMark) errors.Add(new("spec.port", Messages.PortRequired));
        Range(errors, "spec.port", spec.Port, 0, ushort.MaxValue);
        if (spec.Port == 0 && spec.Persistence is null) errors.Add(new("spec.port", Messages.PortZeroNeedsPersistence));
        if (spec.IpFamily is not null && !hasMark) errors.Add(new("spec.ipFamily", Messages.IpFamilyOnlyWithMark));
        Range(errors, "spec.firewallMark", spec.FirewallMark, 1, MaxUInt32);

        ValidateScheduler(spec, hasMark, errors);
        ValidatePersistence(spec, addresses, hasMark, errors);
        ValidateForwarding("spec.forwarding", spec.Forwarding, errors);
        if (spec.Forwarding is { SourceNat: SourceNat.Always, Method: not ForwardingMethod.Masquerade })
            errors.Add(new("spec.forwarding.sourceNat", Messages.SourceNatAlwaysNeedsNat));
        ValidateSources(spec, hasMark, errors);
        ValidateHealthCheck(spec, hasMark, errors);
        ValidateFailover(spec, hasMark, errors);
        ActiveActiveValidator.Validate(spec, hasMark, errors);
        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(RealServer rs)
    {
        var errors = new List<FieldError>();
        ValidateRealServer("spec", rs.Spec, errors);
        return errors;
    }

    /// <summary>VIPs: valid, global unicast (Go's IsGlobalUnicast, as the CEL rule asks), each address once however spelt.</summary>
    private static void ValidateAddresses(IReadOnlyList<string> addresses, List<FieldError> errors)
    {
        var seen = new HashSet<IPAddress>();
        for (var i = 0; i < addresses.Count; i++)
        {
            if (!IpAddresses.TryParse(addresses[i], out var address)) errors.Add(new($"spec.addresses[{i}]", Messages.AddressInvalid));
            else if (!IpAddresses.IsGlobalUnicast(address)) errors.Add(new($"spec.addresses[{i}]", Messages.VipNotGlobalUnicast));
            else if (!seen.Add(address)) errors.Add(new($"spec.addresses[{i}]", Messages.AddressListedTwice));
        }
    }

    private static void ValidateScheduler(VirtualServiceSpec spec, bool hasMark, List<FieldError> errors)
    {
        var scheduler = spec.Scheduler ?? new Scheduler();
        if (!Schedulers.Known.Contains(scheduler.Name)) errors.Add(new("spec.scheduler.name", Messages.UnknownScheduler));
        var options = scheduler.Flags ?? [];
        if (options.Any(o => o is SchedulerOption.ShFallback or SchedulerOption.ShPort) && scheduler.Name != "sh")
            errors.Add(new("spec.scheduler.flags", Messages.ShOptionsNeedSh));
        if (options.Any(o => o is SchedulerOption.MhFallback or SchedulerOption.MhPort) && scheduler.Name != "mh")
            errors.Add(new("spec.scheduler.flags", Messages.MhOptionsNeedMh));
        if (options.Contains(SchedulerOption.OnePacket) && spec.Protocol != Protocol.Udp && !hasMark)
            errors.Add(new("spec.scheduler.flags", Messages.OnePacketNeedsUdp));
    }

    private static void ValidatePersistence(VirtualServiceSpec spec, IReadOnlyList<string> addresses, bool hasMark, List<FieldError> errors)
    {
        if (spec.Persistence is not { } persistence) return;
        if (persistence.TimeoutSeconds is < 1 or > MaxPersistenceSeconds)
            errors.Add(new("spec.persistence.timeoutSeconds", Messages.PersistenceTimeoutRange));
        if (persistence.PrefixLength is not { } prefix) return;
        var anyIPv4 = hasMark
            ? spec.IpFamily is null or IpFamily.IPv4
            : addresses.Any(a => IpAddresses.TryParse(a, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork);
        if (prefix is < 0 or > 128) errors.Add(new("spec.persistence.prefixLength", Messages.PrefixLengthRange));
        else if (prefix > 32 && anyIPv4) errors.Add(new("spec.persistence.prefixLength", Messages.PrefixLengthIPv4));
    }

    private static void ValidateSources(VirtualServiceSpec spec, bool hasMark, List<FieldError> errors)
    {
        var sources = spec.RealServers;
        if (sources is null || sources.Selector is null && sources.Service is null && (sources.Static ?? []).Count == 0)
        {
            errors.Add(new("spec.realServers", Messages.RealServerSourceRequired));
            return;
        }

        if (sources.Service is { } service)
        {
            if (service.Name.Length == 0) errors.Add(new("spec.realServers.service.name", "is required"));
            if (service.Weight is < 0 or > ushort.MaxValue) errors.Add(new("spec.realServers.service.weight", Messages.WeightRange));
        }

        var serviceMethod = spec.Forwarding?.Method ?? ForwardingMethod.DirectRouting;
        var allPorts = hasMark || spec.Port == 0;
        var list = sources.Static ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"spec.realServers.static[{i}]";
            ValidateRealServer(path, list[i], errors);
            if (list[i].Port is not { } port) continue;
            var method = list[i].Forwarding?.Method ?? serviceMethod;
            if (allPorts) errors.Add(new($"{path}.port", Messages.PortOnAllPortsService));
            else if (method != ForwardingMethod.Masquerade && port != spec.Port) errors.Add(new($"{path}.port", Messages.PortMappingNeedsNat));
        }
    }

    private static void ValidateRealServer(string path, RealServerSpec rs, List<FieldError> errors)
    {
        if (!IpAddresses.IsValid(rs.Address)) errors.Add(new($"{path}.address", Messages.AddressInvalid));
        Range(errors, $"{path}.port", rs.Port, 1, ushort.MaxValue);
        if (rs.Weight is < 0 or > ushort.MaxValue) errors.Add(new($"{path}.weight", Messages.WeightRange));
        Range(errors, $"{path}.upperThreshold", rs.UpperThreshold, 0, MaxUInt32);
        Range(errors, $"{path}.lowerThreshold", rs.LowerThreshold, 0, MaxUInt32);
        if (rs.LowerThreshold > rs.UpperThreshold) errors.Add(new($"{path}.lowerThreshold", Messages.LowerAboveUpper));
        ValidateForwarding($"{path}.forwarding", rs.Forwarding, errors);
        if (rs.Forwarding?.SourceNat is not null) errors.Add(new($"{path}.forwarding.sourceNat", Messages.SourceNatOnlyOnService));
        if (rs.HealthCheck is { } probe) ValidateProbe($"{path}.healthCheck", probe, errors);
    }

    private static void ValidateHealthCheck(VirtualServiceSpec spec, bool hasMark, List<FieldError> errors)
    {
        const string path = "spec.healthCheck";
        var statics = spec.RealServers?.Static ?? [];
        if (spec.Protocol == Protocol.Udp)
        {
            // A static server's override is checked against the service it belongs to; the API server can name only the list.
            for (var i = 0; i < statics.Count; i++)
                if (statics[i].HealthCheck?.Type is { } type && !UdpCapable(type))
                    errors.Add(new($"spec.realServers.static[{i}].healthCheck.type", Messages.HealthCheckUdpNeedsDns));
        }

        if (spec.HealthCheck is not { } check) return;
        ValidateProbe(path, ProbeOf(check), errors);
        if (spec.Protocol == Protocol.Udp && !UdpCapable(check.Type)) errors.Add(new($"{path}.type", Messages.HealthCheckUdpNeedsDns));
        if (check.Type == HealthCheckType.Dns && spec.Protocol != Protocol.Udp && !hasMark) errors.Add(new($"{path}.type", Messages.HealthCheckDnsNeedsUdp));
        if (check.Type != HealthCheckType.None && check.Port is null && (hasMark || spec.Port is null or 0))
            errors.Add(new($"{path}.port", Messages.HealthCheckPortRequired));
        if (check.SorryServer is { } sorry)
        {
            if (!IpAddresses.IsValid(sorry.Address)) errors.Add(new($"{path}.sorryServer.address", Messages.AddressInvalid));
            Range(errors, $"{path}.sorryServer.port", sorry.Port, 1, ushort.MaxValue);
        }

        Range(errors, $"{path}.panicThreshold", check.PanicThreshold, 0, 100);
        if (check.Quorum is { } quorum)
        {
            Range(errors, $"{path}.quorum.minimumHealthyWeight", quorum.MinimumHealthyWeight, 1, int.MaxValue);
            Range(errors, $"{path}.quorum.hysteresis", quorum.Hysteresis, 0, int.MaxValue);
        }
    }

    private static void ValidateFailover(VirtualServiceSpec spec, bool hasMark, List<FieldError> errors)
    {
        const string path = "spec.failover";
        if (spec.Failover is not { } failover) return;
        if (hasMark) errors.Add(new(path, Messages.FailoverNeedsAddresses));
        Range(errors, $"{path}.virtualRouterId", failover.VirtualRouterId, 1, byte.MaxValue);
        Range(errors, $"{path}.priority", failover.Priority, 1, byte.MaxValue - 1);
        foreach (var (node, priority) in failover.NodePriorities ?? new Dictionary<string, int>())
            Range(errors, $"{path}.nodePriorities.{node}", priority, 1, byte.MaxValue - 1);

        // RFC 5798 §5.2.7: 12 bits of centiseconds.
        if (Duration(errors, $"{path}.advertisementInterval", failover.AdvertisementInterval) is { } interval
            && (interval < TimeSpan.FromMilliseconds(10) || interval > TimeSpan.FromMilliseconds(40950) || interval.Ticks % (TimeSpan.TicksPerMillisecond * 10) != 0))
            errors.Add(new($"{path}.advertisementInterval", Messages.FailoverIntervalRange));
        if (Duration(errors, $"{path}.preemptDelay", failover.PreemptDelay) > MaxPreemptDelay)
            errors.Add(new($"{path}.preemptDelay", Messages.FailoverPreemptDelayRange));

        var peers = failover.UnicastPeers ?? [];
        for (var i = 0; i < peers.Count; i++)
            if (!IpAddresses.IsValid(peers[i])) errors.Add(new($"{path}.unicastPeers[{i}]", Messages.AddressInvalid));
    }

    private static bool UdpCapable(HealthCheckType type) => type is HealthCheckType.Dns or HealthCheckType.None;

    /// <summary>The probe part of a service's check, in the shape a real server's override has, so one check serves both.</summary>
    private static HealthCheckOverride ProbeOf(HealthCheck c) => new()
    {
        Type = c.Type, Port = c.Port, Interval = c.Interval, Timeout = c.Timeout, Rise = c.Rise, Fall = c.Fall,
        InitialState = c.InitialState, Http = c.Http, Tls = c.Tls, Dns = c.Dns,
    };

    private static void ValidateProbe(string path, HealthCheckOverride probe, List<FieldError> errors)
    {
        Range(errors, $"{path}.port", probe.Port, 1, ushort.MaxValue);
        Range(errors, $"{path}.rise", probe.Rise, 1, MaxRiseFall);
        Range(errors, $"{path}.fall", probe.Fall, 1, MaxRiseFall);
        var interval = Duration(errors, $"{path}.interval", probe.Interval);
        var timeout = Duration(errors, $"{path}.timeout", probe.Timeout);
        // A zero interval is its own error (a real server's override often has no timeout to compare it with).
        if (interval == TimeSpan.Zero) errors.Add(new($"{path}.interval", Messages.HealthCheckIntervalZero));
        if (timeout is { } t && (t <= TimeSpan.Zero || interval is { } i && i != TimeSpan.Zero && t >= i))
            errors.Add(new($"{path}.timeout", Messages.HealthCheckTimeout));

        // An override without a type keeps the service's, so only a type it names can rule a block out.
        var type = probe.Type;
        if (probe.Http is { } http)
        {
            if (type is not (null or HealthCheckType.Http or HealthCheckType.Https)) errors.Add(new($"{path}.http", Messages.HealthCheckHttpNeedsHttp));
            var statuses = http.ExpectedStatuses ?? [];
            for (var s = 0; s < statuses.Count; s++)
                if (!HealthCheckStatusRange.TryParse(statuses[s], out _)) errors.Add(new($"{path}.http.expectedStatuses[{s}]", Messages.HealthCheckStatusRange));
        }

        if (probe.Tls is not null && type is not (null or HealthCheckType.Https)) errors.Add(new($"{path}.tls", Messages.HealthCheckTlsNeedsHttps));
        if (probe.Dns is not null && type is not (null or HealthCheckType.Dns)) errors.Add(new($"{path}.dns", Messages.HealthCheckDnsNeedsDns));
        if (type == HealthCheckType.Dns && probe.Dns is null) errors.Add(new($"{path}.dns", Messages.HealthCheckDnsQueryRequired));
        if (probe.Dns is { QueryName.Length: 0 }) errors.Add(new($"{path}.dns.queryName", "is required"));
    }

    private static TimeSpan? Duration(List<FieldError> errors, string field, string? text)
    {
        if (text is null) return null;
        if (HealthCheckDuration.TryParse(text, out var duration)) return duration;
        errors.Add(new(field, "must be a duration such as 5s, 500ms or 1m30s"));
        return null;
    }

    private static void ValidateForwarding(string path, Forwarding? forwarding, List<FieldError> errors)
    {
        if (forwarding?.Tunnel is not { } tunnel) return;
        if (forwarding.Method != ForwardingMethod.Tunnel) errors.Add(new($"{path}.tunnel", Messages.TunnelOnlyForTun));
        if (tunnel.Type == TunnelType.Gue && tunnel.Port is null) errors.Add(new($"{path}.tunnel.port", Messages.GuePortRequired));
        if (tunnel.Type != TunnelType.Gue && tunnel.Port is not null) errors.Add(new($"{path}.tunnel.port", Messages.TunnelPortOnlyForGue));
        Range(errors, $"{path}.tunnel.port", tunnel.Port, 1, ushort.MaxValue);
        if (tunnel.Type == TunnelType.IpIp && tunnel.Checksum != TunnelChecksum.None)
            errors.Add(new($"{path}.tunnel.checksum", Messages.ChecksumOnlyForGueGre));
    }

    private static void Range(List<FieldError> errors, string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) errors.Add(new(field, $"must be between {min} and {max}"));
    }
}
