using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>The VirtualServices a LoadBalancer Service stands for (one per port), or why it cannot have any.</summary>
public sealed record TranslationResult
{
    public IReadOnlyList<VirtualService> VirtualServices { get; init; } = [];
    public TranslationRefusal? Refusal { get; init; }

    public bool Succeeded => Refusal is null;
}
