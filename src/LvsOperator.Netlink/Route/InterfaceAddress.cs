using System.Net;

namespace LvsOperator.Netlink.Route;

/// <summary>An address on an interface, from an <c>RTM_NEWADDR</c> dump entry.</summary>
/// <param name="InterfaceIndex"><c>ifa_index</c>.</param>
/// <param name="Address"><c>IFA_LOCAL</c> where present (IPv4), else <c>IFA_ADDRESS</c>.</param>
/// <param name="PrefixLength"><c>ifa_prefixlen</c>.</param>
/// <param name="Flags"><c>IFA_FLAGS</c> where present, else <c>ifa_flags</c>.</param>
/// <param name="Scope"><c>ifa_scope</c> (<c>RT_SCOPE_*</c>: 0 universe, 253 link, 254 host).</param>
/// <param name="Label"><c>IFA_LABEL</c> (IPv4 only), or null.</param>
public sealed record InterfaceAddress(int InterfaceIndex, IPAddress Address, byte PrefixLength, InterfaceAddressFlags Flags, byte Scope, string? Label);
