import { Center, Loader } from '@mantine/core';

/** A centred spinner while a page's code or the session loads. */
export function PageLoader() {
  return (
    <Center h="60vh">
      <Loader size="sm" />
    </Center>
  );
}
