namespace LvsOperator.Netlink.Ipvs;

/// <summary>Virtual service flags (<c>IP_VS_SVC_F_*</c>).</summary>
[Flags]
#pragma warning disable CA1069 // The header defines scheduler-specific aliases for the same bits.
public enum IpvsServiceFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary><c>IP_VS_SVC_F_PERSISTENT</c>.</summary>
    Persistent = 0x0001,

    /// <summary><c>IP_VS_SVC_F_HASHED</c>: set by the kernel; never sent (a service flagged hashed is not hashed in).</summary>
    Hashed = 0x0002,

    /// <summary><c>IP_VS_SVC_F_ONEPACKET</c>: one-packet scheduling (UDP).</summary>
    OnePacket = 0x0004,

    /// <summary><c>IP_VS_SVC_F_SCHED1</c>.</summary>
    Scheduler1 = 0x0008,

    /// <summary><c>IP_VS_SVC_F_SCHED2</c>.</summary>
    Scheduler2 = 0x0010,

    /// <summary><c>IP_VS_SVC_F_SCHED3</c>.</summary>
    Scheduler3 = 0x0020,

    /// <summary><c>IP_VS_SVC_F_SCHED_SH_FALLBACK</c> (sh scheduler).</summary>
    SourceHashFallback = Scheduler1,

    /// <summary><c>IP_VS_SVC_F_SCHED_SH_PORT</c> (sh scheduler).</summary>
    SourceHashPort = Scheduler2,

    /// <summary>mh scheduler fallback (<c>IP_VS_SVC_F_SCHED1</c>, ip_vs_mh.c).</summary>
    MaglevFallback = Scheduler1,

    /// <summary>mh scheduler port hashing (<c>IP_VS_SVC_F_SCHED2</c>, ip_vs_mh.c).</summary>
    MaglevPort = Scheduler2,
}
#pragma warning restore CA1069
