namespace LvsOperator.Core.LoadBalancing;

/// <summary>Condition and event reasons of <see cref="TranslationRefusal"/>.</summary>
public static class TranslationRefusals
{
    /// <summary>An <c>lvsoperator.io/</c> annotation does not parse, or makes a VirtualService the schema refuses.</summary>
    public const string InvalidAnnotation = "InvalidAnnotation";

    /// <summary><c>externalTrafficPolicy: Local</c>, which a director cannot honour (see <see cref="LoadBalancerTranslation"/>).</summary>
    public const string ExternalTrafficPolicyLocal = "ExternalTrafficPolicyLocal";

    /// <summary>The Service has no address yet.</summary>
    public const string NoAddress = "NoAddress";

    /// <summary>The Service has no port.</summary>
    public const string NoPorts = "NoPorts";
}
