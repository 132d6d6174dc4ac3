using LvsOperator.Core.Kernel;

namespace LvsOperator.Health;

/// <summary>A service that entered or left panic mode, with the weights that decided it.</summary>
public sealed record PanicTransition(ServiceKey Service, bool InPanic, int HealthyWeight, int TotalWeight);
