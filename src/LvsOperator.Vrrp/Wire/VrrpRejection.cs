namespace LvsOperator.Vrrp.Wire;

/// <summary>Why a received advertisement was discarded (RFC 5798 §7.1 and the instance's own rules).</summary>
public enum VrrpRejection
{
    /// <summary>Not rejected.</summary>
    None,

    /// <summary>The IP protocol / next header is not 112.</summary>
    WrongProtocol,

    /// <summary>TTL / hop limit is not 255: the sender is not on this link (RFC 5798 §7.1).</summary>
    WrongHopLimit,

    /// <summary>Source and destination are of different families, or the family is not IP.</summary>
    AddressFamilyMismatch,

    /// <summary>Shorter than the 8-byte fixed header.</summary>
    Truncated,

    /// <summary>A version other than 3 (VRRPv2 has no IPv6 and whole-second intervals).</summary>
    UnsupportedVersion,

    /// <summary>A type other than 1 (ADVERTISEMENT).</summary>
    UnknownType,

    /// <summary>The length is not the fixed header plus Count IPvX Addr addresses.</summary>
    LengthMismatch,

    /// <summary>The checksum does not verify.</summary>
    BadChecksum,

    /// <summary>A Max Advertise Interval of 0, which would make every backup take over at once.</summary>
    ZeroInterval,

    /// <summary>Another virtual router's advertisement.</summary>
    WrongVirtualRouterId,

    /// <summary>This router owns the addresses (priority 255) and ignores advertisements (RFC 5798 §7.1).</summary>
    LocalIsAddressOwner,

    /// <summary>In unicast mode, from an address that is not a configured peer.</summary>
    NotAPeer,

    /// <summary>Multicast where unicast peers are configured, or unicast where none are.</summary>
    UnexpectedDestination,

    /// <summary>This router's own advertisement, looped back.</summary>
    FromSelf,

    /// <summary>The instance is not running (Initialize state).</summary>
    NotRunning,
}
