using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

[JsonConverter(typeof(JsonStringEnumConverter<ConditionStatus>))]
public enum ConditionStatus
{
    True,
    False,
    Unknown,
}
