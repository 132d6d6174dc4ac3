namespace LvsOperator.Core.Resources;

/// <summary>Condition types and reasons of an <see cref="AddressPool"/>'s status.</summary>
public static class AddressPoolConditions
{
    /// <summary>True when every entry parses and no other pool overlaps: the pool hands out addresses.</summary>
    public const string Ready = "Ready";

    /// <summary>True when another pool holds some of the same addresses; the older pool (then the first by name) keeps them.</summary>
    public const string Overlapping = "Overlapping";

    /// <summary>True when an entry of <c>spec.addresses</c> is neither a CIDR nor a range.</summary>
    public const string Unparsable = "Unparsable";

    /// <summary>True when Services hold addresses the pool no longer contains.</summary>
    public const string Shrunk = "Shrunk";

    public const string ReasonAvailable = "Available";
    public const string ReasonOverlap = "OverlapsPool";
    public const string ReasonBadEntry = "BadAddressEntry";
    public const string ReasonAddressesLeftPool = "AssignedAddressesLeftPool";
    public const string ReasonNone = "None";
}
