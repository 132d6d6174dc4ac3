namespace LvsOperator.Netlink.Ipvs;

/// <summary>Sync daemon role (<c>IP_VS_STATE_*</c>).</summary>
public enum IpvsSyncState : uint
{
    /// <summary><c>IP_VS_STATE_MASTER</c>.</summary>
    Master = 1,

    /// <summary><c>IP_VS_STATE_BACKUP</c>.</summary>
    Backup = 2,
}
