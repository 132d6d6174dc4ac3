using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>A destination of a service, as the drain ledger names it.</summary>
public readonly record struct DrainKey(ServiceKey Service, DestinationKey Destination);
