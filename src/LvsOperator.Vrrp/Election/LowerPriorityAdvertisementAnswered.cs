using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// The master heard an advertisement at <see cref="Priority"/>, below its own, from <see cref="Source"/> and
/// answered with an advertisement and a re-announcement of its addresses (<see cref="LowerPriorityAnswer"/>).
/// Nothing to execute: it says why the commands before it were sent.
/// </summary>
public sealed record LowerPriorityAdvertisementAnswered(IPAddress Source, byte Priority) : VrrpCommand;
