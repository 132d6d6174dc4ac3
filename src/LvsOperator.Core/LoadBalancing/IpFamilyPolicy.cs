namespace LvsOperator.Core.LoadBalancing;

/// <summary>A Service's <c>spec.ipFamilyPolicy</c>.</summary>
public enum IpFamilyPolicy
{
    SingleStack,

    /// <summary>One address per family in <c>spec.ipFamilies</c> when a pool has them, the first family at least.</summary>
    PreferDualStack,

    /// <summary>One address per family in <c>spec.ipFamilies</c>, or none at all.</summary>
    RequireDualStack,
}
