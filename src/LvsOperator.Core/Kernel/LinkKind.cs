namespace LvsOperator.Core.Kernel;

/// <summary>How a link the node needs comes to exist.</summary>
public enum LinkKind
{
    /// <summary>A dummy link the agent creates to hold director VIPs without answering for them on a real NIC.</summary>
    Dummy,
    /// <summary>A link the kernel creates (such as <c>tunl0</c> once ipip loads); the agent only brings it up.</summary>
    Existing,
}
