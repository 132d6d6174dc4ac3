namespace LvsOperator.Core.Kernel;

/// <summary>ip_vs.h <c>IP_VS_SVC_F_*</c> bits that a user can set.</summary>
[Flags]
public enum ServiceFlags : uint
{
    None = 0,
    /// <summary>IP_VS_SVC_F_PERSISTENT</summary>
    Persistent = 0x0001,
    /// <summary>IP_VS_SVC_F_ONEPACKET</summary>
    OnePacket = 0x0004,
    /// <summary>IP_VS_SVC_F_SCHED1: sh-fallback or mh-fallback.</summary>
    Sched1 = 0x0008,
    /// <summary>IP_VS_SVC_F_SCHED2: sh-port or mh-port.</summary>
    Sched2 = 0x0010,
    /// <summary>IP_VS_SVC_F_SCHED3: unused by today's schedulers.</summary>
    Sched3 = 0x0020,
}
