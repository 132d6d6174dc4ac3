using System.Net;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// A connection-sync daemon (<c>IPVS_CMD_ATTR_DAEMON</c>). The optional fields are the newer
/// attributes (kernel 4.3+); null means "kernel default" when starting and "not reported" when read.
/// </summary>
/// <param name="State">Master or backup.</param>
/// <param name="MulticastInterface">Interface name (<c>IPVS_DAEMON_ATTR_MCAST_IFN</c>).</param>
/// <param name="SyncId">Sync id (<c>IPVS_DAEMON_ATTR_SYNC_ID</c>).</param>
public sealed record IpvsSyncDaemon(IpvsSyncState State, string MulticastInterface, uint SyncId)
{
    /// <summary>Largest sync message payload (<c>IPVS_DAEMON_ATTR_SYNC_MAXLEN</c>).</summary>
    public ushort? SyncMaxLength { get; init; }

    /// <summary>Multicast group (<c>IPVS_DAEMON_ATTR_MCAST_GROUP</c> or <c>_GROUP6</c>).</summary>
    public IPAddress? MulticastGroup { get; init; }

    /// <summary>Multicast port (<c>IPVS_DAEMON_ATTR_MCAST_PORT</c>).</summary>
    public ushort? MulticastPort { get; init; }

    /// <summary>Multicast TTL (<c>IPVS_DAEMON_ATTR_MCAST_TTL</c>).</summary>
    public byte? MulticastTtl { get; init; }
}
