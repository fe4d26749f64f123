using System.ComponentModel.DataAnnotations;
using Tributary.Configuration;
using Tributary.Flatten;

namespace Tributary.Tests.Configuration;

public sealed class TransformAndDeliverOptionsTests
{
    private static IReadOnlyList<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames)];
    }

    [Fact]
    public void The_defaults_are_valid_and_follow_firehose()
    {
        var deliver = new DeliverOptions();

        Assert.Empty(Errors(deliver));
        Assert.Empty(Errors(new TransformOptions()));
        Assert.Equal((5, 300, 1.0, 3), (deliver.BufferSizeInMBs, deliver.BufferIntervalInSeconds, deliver.ProcessorBufferSizeInMBs, deliver.NumberOfRetries));
        Assert.Equal(6 * 1024 * 1024, new TransformOptions().MaxResponseBytes);
    }

    [Theory]
    [InlineData(nameof(DeliverOptions.BufferSizeInMBs), 0)]
    [InlineData(nameof(DeliverOptions.BufferSizeInMBs), 129)]
    [InlineData(nameof(DeliverOptions.BufferIntervalInSeconds), -1)]
    [InlineData(nameof(DeliverOptions.BufferIntervalInSeconds), 901)]
    [InlineData(nameof(DeliverOptions.NumberOfRetries), 301)]
    [InlineData(nameof(DeliverOptions.RetryDurationInSeconds), 7201)]
    [InlineData(nameof(DeliverOptions.StreamVersion), 0)]
    public void Deliver_settings_outside_the_aws_ranges_are_refused(string property, int value)
    {
        var options = new DeliverOptions();
        typeof(DeliverOptions).GetProperty(property)!.SetValue(options, value);

        Assert.Equal([property], Errors(options));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(3.5)]
    public void The_processor_buffer_follows_the_lambda_buffering_range(double megabytes)
    {
        Assert.Equal([nameof(DeliverOptions.ProcessorBufferSizeInMBs)], Errors(new DeliverOptions { ProcessorBufferSizeInMBs = megabytes }));
    }

    [Fact]
    public void A_stream_name_that_cannot_be_part_of_an_object_key_is_refused()
    {
        Assert.Equal([nameof(DeliverOptions.StreamName)], Errors(new DeliverOptions { StreamName = "../escape" }));
    }

    [Fact]
    public void Transform_limits_are_bounded_and_map_to_flatten_options()
    {
        Assert.Equal([nameof(TransformOptions.MaxResponseBytes)], Errors(new TransformOptions { MaxResponseBytes = 7 * 1024 * 1024 }));
        Assert.Equal([nameof(TransformOptions.MaxDepth)], Errors(new TransformOptions { MaxDepth = 0 }));

        var flatten = new TransformOptions { Mode = FlattenMode.Strict, MaxDepth = 10, MaxRowsPerRecord = 5, RejectListProducts = true }.ToFlattenOptions();

        Assert.Equal(FlattenOptions.Strict with { MaxDepth = 10, MaxRowsPerRecord = 5, RejectListProducts = true }, flatten);
    }
}
