using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Kernel;

/// <summary>The settings of one destination, as <c>IPVS_CMD_NEW_DEST</c> carries them.</summary>
public sealed record IpvsDestination(
    DestinationKey Key,
    ForwardingMethod Method,
    int Weight,
    uint UpperThreshold = 0,
    uint LowerThreshold = 0,
    TunnelType TunnelType = TunnelType.IpIp,
    ushort TunnelPort = 0,
    TunnelChecksum TunnelChecksum = TunnelChecksum.None)
{
    /// <summary>Tunnel settings count only for TUN, since the kernel ignores them otherwise.</summary>
    public bool SameSettings(IpvsDestination other) =>
        Key == other.Key
        && Method == other.Method
        && Weight == other.Weight
        && UpperThreshold == other.UpperThreshold
        && LowerThreshold == other.LowerThreshold
        && (Method != ForwardingMethod.Tunnel
            || (TunnelType == other.TunnelType && TunnelPort == other.TunnelPort && TunnelChecksum == other.TunnelChecksum));
}
