import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from 'aws-lambda';

/**
 * A DynamoDB stream image as a plain object, the way the document client reads items: the SDK's
 * own unmarshalling, numbers as numbers (the portal keeps none beyond double precision).
 */
export function unmarshallImage(
  image: Record<string, AttributeValue> | undefined,
): Record<string, unknown> | undefined {
  if (!image) return undefined;
  // The Lambda event's and the SDK's attribute value types describe the same wire format.
  return unmarshall(image as Record<string, SdkAttributeValue>, { wrapNumbers: false });
}
