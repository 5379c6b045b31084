export function vapidKeys(): Promise<{ publicKey: string; privateKey: string }>;
