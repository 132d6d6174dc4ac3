namespace LvsOperator.Core.LoadBalancing;

/// <summary>Why a Service gets no VirtualService: a condition reason (<see cref="TranslationRefusals"/>) and a sentence.</summary>
public sealed record TranslationRefusal(string Reason, string Message);
