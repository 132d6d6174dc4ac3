namespace LvsOperator.Netlink.Route;

/// <summary>Address flags (<c>IFA_F_*</c>, include/uapi/linux/if_addr.h); above 0xFF they travel in <c>IFA_FLAGS</c>.</summary>
[Flags]
public enum InterfaceAddressFlags : uint
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>IFA_F_SECONDARY</c> (<c>IFA_F_TEMPORARY</c> for IPv6).</summary>
    Secondary = 0x01,

    /// <summary><c>IFA_F_NODAD</c>: skip IPv6 duplicate address detection, so a VIP is usable at once.</summary>
    NoDad = 0x02,

    /// <summary><c>IFA_F_OPTIMISTIC</c>.</summary>
    Optimistic = 0x04,

    /// <summary><c>IFA_F_DADFAILED</c>.</summary>
    DadFailed = 0x08,

    /// <summary><c>IFA_F_HOMEADDRESS</c>.</summary>
    HomeAddress = 0x10,

    /// <summary><c>IFA_F_DEPRECATED</c>.</summary>
    Deprecated = 0x20,

    /// <summary><c>IFA_F_TENTATIVE</c>.</summary>
    Tentative = 0x40,

    /// <summary><c>IFA_F_PERMANENT</c>.</summary>
    Permanent = 0x80,

    /// <summary><c>IFA_F_MANAGETEMPADDR</c>.</summary>
    ManageTemporaryAddress = 0x100,

    /// <summary><c>IFA_F_NOPREFIXROUTE</c>: add no prefix route for the address.</summary>
    NoPrefixRoute = 0x200,

    /// <summary><c>IFA_F_MCAUTOJOIN</c>.</summary>
    MulticastAutoJoin = 0x400,

    /// <summary><c>IFA_F_STABLE_PRIVACY</c>.</summary>
    StablePrivacy = 0x800,
}
