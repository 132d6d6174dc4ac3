namespace LvsOperator.Netlink.Fou;

/// <summary>What a fou receive port does with a datagram (include/uapi/linux/fou.h <c>FOU_ENCAP_*</c>).</summary>
public enum FouEncapsulation : byte
{
    /// <summary><c>FOU_ENCAP_UNSPEC</c>: a reply without FOU_ATTR_TYPE.</summary>
    Unspecified = 0,

    /// <summary><c>FOU_ENCAP_DIRECT</c>: <c>ip fou add port P ipproto N</c>.</summary>
    Direct = FouNetlink.FOU_ENCAP_DIRECT,

    /// <summary><c>FOU_ENCAP_GUE</c>: <c>ip fou add port P gue</c>.</summary>
    Gue = FouNetlink.FOU_ENCAP_GUE,
}
