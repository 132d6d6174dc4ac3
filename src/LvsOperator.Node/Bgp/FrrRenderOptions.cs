using System.Net;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Node.Bgp;

/// <summary>What the FRR configuration needs beyond the compiled intent: the node's own facts, and whether it serves.</summary>
/// <param name="RouterId">The BGP identifier (RFC 4271 §4.2, an IPv4 address); null lets FRR pick one, which fails on an IPv6-only node.</param>
/// <param name="Passwords">The TCP MD5 passwords the agent read from the Secrets the sessions name.</param>
/// <param name="Serving">False withdraws every VIP and keeps the sessions, so the router moves flows away first (issue 17).</param>
public sealed record FrrRenderOptions(IPAddress? RouterId, IReadOnlyDictionary<BgpPasswordRef, string> Passwords, bool Serving);
