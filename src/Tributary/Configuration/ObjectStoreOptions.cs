using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>The object store transport and, for S3, where in S3 the data root is (section <c>Storage:ObjectStore</c>).</summary>
public sealed class ObjectStoreOptions : IValidatableObject
{
    /// <summary><c>local</c>: folders under <see cref="StorageOptions.DataRoot"/>; <c>s3</c>: a bucket (see the <c>Aws</c> section for the endpoint).</summary>
    public ObjectStoreTransport Transport { get; set; } = ObjectStoreTransport.Local;

    /// <summary>The S3 bucket; required when <see cref="Transport"/> is <c>s3</c>.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    public string? Bucket { get; set; }

    /// <summary>A key prefix inside the bucket under which the data-root folders live (empty: the bucket root).</summary>
    [RegularExpression("^([^/].*/)?$")]
    public string Prefix { get; set; } = "";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == ObjectStoreTransport.S3 && string.IsNullOrEmpty(Bucket))
        {
            yield return new ValidationResult("is required when Storage:ObjectStore:Transport is s3", [nameof(Bucket)]);
        }
    }
}
