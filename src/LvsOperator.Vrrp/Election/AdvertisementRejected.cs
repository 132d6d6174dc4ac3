using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Election;

/// <summary>A received advertisement was discarded without effect; RFC 5798 §7.1 says to log it.</summary>
public sealed record AdvertisementRejected(IPAddress Source, VrrpRejection Reason) : VrrpCommand;
