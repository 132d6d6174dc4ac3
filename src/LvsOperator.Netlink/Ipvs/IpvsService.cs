using System.Net.Sockets;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>A virtual service as written with NEW/SET_SERVICE and read back from GET_SERVICE.</summary>
public sealed record IpvsService
{
    /// <summary>A service with ipvsadm's defaults: scheduler <c>wlc</c>, no flags, a host netmask.</summary>
    public IpvsService(IpvsServiceKey key)
    {
        Key = key;
        Netmask = DefaultNetmask(key.Family);
    }

    /// <summary>The identity.</summary>
    public IpvsServiceKey Key { get; init; }

    /// <summary>Scheduler name (<c>IPVS_SVC_ATTR_SCHED_NAME</c>), for example <c>rr</c>, <c>wrr</c>, <c>mh</c>.</summary>
    public string Scheduler { get; init; } = "wlc";

    /// <summary>Flags (<c>IPVS_SVC_ATTR_FLAGS</c>); <see cref="IpvsServiceFlags.Hashed"/> is the kernel's and never sent.</summary>
    public IpvsServiceFlags Flags { get; init; }

    /// <summary>Persistence timeout in seconds (<c>IPVS_SVC_ATTR_TIMEOUT</c>).</summary>
    public uint PersistenceTimeout { get; init; }

    /// <summary>
    /// Persistence granularity (<c>IPVS_SVC_ATTR_NETMASK</c>): for IPv4 the mask as a big-endian
    /// number (0xFFFFFFFF for /32); for IPv6 the prefix length (128).
    /// </summary>
    public uint Netmask { get; init; }

    /// <summary>Persistence engine (<c>IPVS_SVC_ATTR_PE_NAME</c>), for example <c>sip</c>; null for none.</summary>
    public string? PersistenceEngine { get; init; }

    /// <summary>Statistics; only in replies.</summary>
    public IpvsStats? Stats { get; init; }

    /// <summary>ipvsadm's default netmask for a family: 255.255.255.255 or /128.</summary>
    public static uint DefaultNetmask(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128u : 0xFFFFFFFFu;
}
