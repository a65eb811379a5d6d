/**
 * The floor of the `federated-sign-up` function (never deployed): a Cognito pre-sign-up trigger
 * holding only `DynamoDBClient` with the Get of the e-mail's marker and of the user, and the
 * Cognito client with AdminLinkProviderForUser. The deployed function loads Cognito's client on
 * first use (a lazy chunk), so the floor does too: the same work, nothing else.
 *
 * When the function starts sending another command, add it here.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: {
  triggerSource: string;
  userName: string;
  userPoolId: string;
  request: { userAttributes: Record<string, string> };
}) => {
  if (event.triggerSource !== 'PreSignUp_ExternalProvider') return event;
  const email = String(event.request.userAttributes.email);
  const marker = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: email }, sk: { S: email } } }));
  const id = String(marker.Item?.userId?.S);
  const user = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: id }, sk: { S: id } } }));
  const { AdminLinkProviderForUserCommand, CognitoIdentityProviderClient } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  const [providerName, subject] = event.userName.split('_');
  await new CognitoIdentityProviderClient({ region: process.env.AWS_REGION }).send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: event.userPoolId,
      DestinationUser: {
        ProviderName: 'Cognito',
        ProviderAttributeName: 'username',
        ProviderAttributeValue: String(user.Item?.email?.S),
      },
      SourceUser: {
        ProviderName: providerName,
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: subject,
      },
    }),
  );
  return event;
};
