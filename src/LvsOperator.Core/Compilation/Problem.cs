namespace LvsOperator.Core.Compilation;

/// <summary>Why a VirtualService is degraded: a condition reason (CamelCase, for machines) and a message (for people).</summary>
public sealed record Problem(string Reason, string Message)
{
    public const string ServiceNotFound = "ServiceNotFound";
    public const string ServicePortNotFound = "ServicePortNotFound";
    public const string NoReadyEndpoints = "NoReadyEndpoints";
    public const string NoDirector = "NoDirector";
    public const string NoUnicastPeers = "NoUnicastPeers";
    public const string NatRealServer = "NatRealServer";

    public override string ToString() => Message;
}
