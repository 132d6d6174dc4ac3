using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>Becoming backup or shutting down: take the virtual addresses off the node (absent ones are fine).</summary>
public sealed record RemoveVirtualAddresses(ImmutableArray<IPAddress> Addresses) : VrrpCommand;
