namespace LvsOperator.Core.Validation;

/// <summary>
/// What a user reads when a manifest cannot work. The CRD's CEL rules (config/crd) carry the same texts,
/// so <c>lvsctl validate</c> and the API server say the same thing; a test holds them together.
/// </summary>
public static class Messages
{
    // VirtualService: what the service is.
    public const string AddressOrMark = "set either addresses with a port, or a firewallMark";
    public const string NotBothAddressAndMark = "addresses/port and firewallMark are exclusive: a firewall-mark service has no address or port";
    public const string AddressInvalid = "must be an IPv4 or IPv6 address";
    public const string VipNotGlobalUnicast = "a VIP must be a global unicast address: not unspecified, loopback, multicast, link-local or broadcast";
    public const string AddressListedTwice = "the same address is listed more than once";
    public const string PortRequired = "port is required with addresses";
    public const string PortZeroNeedsPersistence = "port 0 (all ports) requires persistence";
    public const string IpFamilyOnlyWithMark = "ipFamily applies only to firewallMark services; addresses carry their own family";
    public const string UnknownScheduler = "unknown scheduler; use one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos";
    public const string ShOptionsNeedSh = "sh-fallback and sh-port need scheduler sh";
    public const string MhOptionsNeedMh = "mh-fallback and mh-port need scheduler mh";
    public const string OnePacketNeedsUdp = "one-packet scheduling applies only to UDP or firewallMark services";
    public const string PrefixLengthIPv4 = "persistence.prefixLength must be at most 32 for an IPv4 service";
    public const string PrefixLengthRange = "persistence.prefixLength must be between 0 and 128";
    public const string PersistenceTimeoutRange = "persistence.timeoutSeconds must be between 1 and 2678400 (31 days)";
    public const string RealServerSourceRequired = "realServers must name a selector, a service, static real servers, or a combination";

    // Forwarding, on a VirtualService or a real server.
    public const string TunnelOnlyForTun = "tunnel applies only to the TUN forwarding method";
    public const string GuePortRequired = "tunnel.port is required for gue";
    public const string TunnelPortOnlyForGue = "tunnel.port applies only to gue";
    public const string ChecksumOnlyForGueGre = "tunnel.checksum applies only to gue and gre";
    public const string SourceNatAlwaysNeedsNat = "sourceNat Always needs the NAT forwarding method: DR and TUN real servers answer clients directly";
    public const string SourceNatOnlyOnService = "sourceNat is set on the VirtualService's forwarding, not per real server";

    // Real servers.
    public const string PortMappingNeedsNat = "only NAT can map ports: a DR or TUN real server must use the virtual service's port";
    public const string LowerAboveUpper = "lowerThreshold must not exceed upperThreshold";
    public const string WeightRange = "weight must be between 0 and 65535";
    public const string PortOnAllPortsService = "a real server of a firewall-mark or port-0 service takes no port";

    // Health checks, on a VirtualService or as a real server's override.
    public const string HealthCheckIntervalZero = "healthCheck.interval must be above 0s";
    public const string HealthCheckTimeout = "healthCheck.timeout must be above 0s and below healthCheck.interval";
    public const string HealthCheckHttpNeedsHttp = "healthCheck.http applies only to HTTP and HTTPS checks";
    public const string HealthCheckTlsNeedsHttps = "healthCheck.tls applies only to HTTPS checks";
    public const string HealthCheckDnsNeedsDns = "healthCheck.dns applies only to DNS checks";
    public const string HealthCheckDnsQueryRequired = "a DNS check needs healthCheck.dns with the queryName to ask for";
    public const string HealthCheckUdpNeedsDns = "a UDP service can only be checked with DNS or None";
    public const string HealthCheckDnsNeedsUdp = "a DNS check queries over UDP: it applies only to UDP or firewallMark services";
    public const string HealthCheckPortRequired = "healthCheck.port is required for a firewall-mark or port-0 service: its real servers have no port of their own";
    public const string HealthCheckStatusRange = "healthCheck.http.expectedStatuses entries are a status code 100-599 or a range LOW-HIGH with LOW <= HIGH";

    // Director failover.
    public const string FailoverNeedsAddresses = "failover moves VIPs between directors: it needs addresses, not a firewallMark";
    public const string FailoverIntervalRange = "failover.advertisementInterval must be 10ms to 40950ms in whole centiseconds (10ms steps)";
    public const string FailoverPreemptDelayRange = "failover.preemptDelay must be at most 1000s";

    // Active/active directors (issue 17).
    public const string ActiveActiveNotWithFailover = "activeActive and failover are exclusive: with activeActive every director holds the VIPs, so there is no VRRP master";
    public const string ActiveActiveNeedsMh = "activeActive needs the mh scheduler: only Maglev hashing sends a flow to the same real server from whichever director the router picks";
    public const string ActiveActiveNoNat = "activeActive cannot use NAT: replies must return through the director that saw the request, which the router's ECMP does not promise; use DR or TUN";
    public const string ActiveActiveNeedsAddresses = "activeActive announces VIPs over BGP: it needs addresses, not a firewallMark";
    public const string BgpHoldTimeRange = "holdTime must be 0s or 3s to 65535s in whole seconds (RFC 4271 section 4.2)";
    public const string BgpCommunityInvalid = "a community is ASN:VALUE with both parts 0 to 65535 (RFC 1997)";
    public const string BgpPeerListedTwice = "the same peer address is listed more than once";

    // AddressPool.
    public const string AddressPoolEntryInvalid = "must be an IPv4 or IPv6 CIDR (192.0.2.0/24) or a range of one family FIRST-LAST (192.0.2.10-192.0.2.20)";

    /// <summary>No CEL rule: the IP library cannot order two addresses, so the controller and lvsctl say it.</summary>
    public const string AddressPoolRangeReversed = "a range's first address comes after its last";

    // Across resources (only the controller and lvsctl can see these).
    public const string AddressPoolOverlap = "shares addresses with another AddressPool: only the older of the two hands them out";
    public const string VipConflict = "another VirtualService already claims this address, protocol and port";
    public const string FamilyMismatch = "real server address family differs from the virtual service's";
    public const string RealServerIsVip = "a real server cannot be the virtual service's own address";
    public const string FailoverConflict = "another VirtualService already sets up this virtualRouterId with other failover settings; the older settings apply";
    public const string BgpPeerConflict = "another VirtualService already peers with this router from the same director with other settings (ASN, local ASN, hold time, BFD or password); the older settings apply";
    public const string ActiveActiveVipHeldByVrrp = "another VirtualService holds this address with VRRP failover: a VIP is either announced by every director or held by one";
    public const string ActiveActiveRealServerNat = "activeActive cannot use NAT: this RealServer asks for NAT forwarding, so it is left out of the service";
    public const string DuplicateRealServer = "the same real server address and port is listed more than once";
}
