using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>Becoming master: put the virtual addresses on the node (before announcing them).</summary>
public sealed record AddVirtualAddresses(ImmutableArray<IPAddress> Addresses) : VrrpCommand;
