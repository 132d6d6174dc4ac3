namespace LvsOperator.Netlink.Ipvs;

/// <summary>The reply to <c>IPVS_CMD_GET_INFO</c>.</summary>
/// <param name="Version">IPVS version code (<c>IPVS_INFO_ATTR_VERSION</c>), 0x010201 for 1.2.1.</param>
/// <param name="ConnectionTableSize">Size of the connection hash table (<c>IPVS_INFO_ATTR_CONN_TAB_SIZE</c>).</param>
public sealed record IpvsInfo(uint Version, uint ConnectionTableSize)
{
    /// <summary>The version as major.minor.patch.</summary>
    public Version VersionNumber => new((int)(Version >> 16) & 0xFF, (int)(Version >> 8) & 0xFF, (int)Version & 0xFF);
}
