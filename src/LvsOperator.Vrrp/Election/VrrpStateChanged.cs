namespace LvsOperator.Vrrp.Election;

/// <summary>The instance moved between states: for logs, metrics and status; nothing to do on the node.</summary>
public sealed record VrrpStateChanged(VrrpState From, VrrpState To) : VrrpCommand;
